"""The client and family portal (mobile first)."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cairn.portal"
    label = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from cairn.accounts.policy import Action
        from cairn.core.registry import ChartTab, add_chart_tab
        from cairn.portal.registry import CLIENT, FAMILY, add_portal_nav

        add_portal_nav(_("Home"), "portal:home", order=0, kinds=(CLIENT, FAMILY))
        add_portal_nav(_("Check-in"), "portal:checkin", order=10, match="/portal/check-in/")
        add_portal_nav(_("Plan"), "portal:plan", order=20, match="/portal/plan/")
        add_chart_tab(ChartTab("Portal", "portal:chart_tab", Action.VIEW_CHART, order=80))
