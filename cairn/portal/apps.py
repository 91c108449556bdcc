"""The client and family portal (mobile first)."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cairn.portal"
    label = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from cairn.accounts.policy import Action
        from cairn.core.registry import ChartTab, HomePanel, add_chart_tab, add_home_panel
        from cairn.portal.registry import CLIENT, FAMILY, add_portal_nav
        from cairn.portal.staff_panels import suggestions_panel

        add_portal_nav(_("Home"), "portal:home", order=0, match="/portal/$", kinds=(CLIENT, FAMILY))
        add_portal_nav(_("Check-in"), "portal:checkin", order=10, match="/portal/check-in/")
        add_portal_nav(_("Plan"), "portal:plan", order=20, match="/portal/plan/")
        add_chart_tab(ChartTab("Portal", "portal:chart_tab", Action.VIEW_CHART, order=80))
        add_home_panel(HomePanel("portal_suggestions", suggestions_panel, order=60))
