from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "cairn.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import Action, ProgramAction
        from cairn.assessments.disclosure import assessments
        from cairn.assessments.home import render_panel
        from cairn.assessments.plan_links import scores_for_objectives
        from cairn.consents.categories import register_provider
        from cairn.core.registry import (
            ChartTab,
            HomePanel,
            NavItem,
            add_chart_tab,
            add_home_panel,
            add_nav,
        )
        from cairn.plans.links import register_related_records

        add_chart_tab(ChartTab("Assessments", "assessments:chart_tab", Action.VIEW_CHART, order=40))
        add_home_panel(HomePanel("assessments", render_panel, order=20))
        register_provider("assessments", assessments, source="cairn.assessments")
        register_related_records(scores_for_objectives)
        add_nav(
            NavItem(
                "Outcomes",
                "assessments:outcomes",
                lambda request: may(request, ProgramAction.VIEW_REPORTS),
                order=60,
                match="/assessments/outcomes/",
            )
        )
        add_nav(
            NavItem(
                "Assessment settings",
                "assessments:program_settings",
                lambda request: (
                    may(request, ProgramAction.CONFIGURE_PROGRAM)
                    and not may(request, ProgramAction.VIEW_REPORTS)
                ),
                order=90,
                match="/assessments/settings/",
            )
        )
