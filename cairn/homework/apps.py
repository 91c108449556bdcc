"""Homework: worksheets clinicians assign and clients complete in the portal, and the
portal's questionnaires (issue 11, points 4 and 5)."""

from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "cairn.homework"
    label = "homework"
    verbose_name = "Homework"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from cairn.accounts.policy import Action
        from cairn.core.registry import ChartTab, add_chart_tab
        from cairn.homework.panels import portal_todo
        from cairn.portal.registry import add_portal_home_panel, add_portal_nav

        add_chart_tab(ChartTab("Homework", "homework:chart", Action.VIEW_CHART, order=55))
        add_portal_nav(_("Homework"), "homework:portal_list", order=30, match="/portal/homework/")
        add_portal_nav(
            _("Questionnaires"),
            "homework:portal_questionnaires",
            order=35,
            match="/portal/questionnaires/",
        )
        add_portal_home_panel("homework_todo", portal_todo, order=15)
