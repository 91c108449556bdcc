from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "cairn.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import Action, ProgramAction
        from cairn.core.registry import ChartTab, NavItem, add_chart_tab, add_nav

        add_nav(
            NavItem(
                "Schedule",
                "scheduling:home",
                lambda request: may(request, ProgramAction.VIEW_SCHEDULE),
                order=20,
                match="/schedule/",
            )
        )
        add_chart_tab(
            ChartTab("Schedule", "scheduling:client_schedule", Action.VIEW_DEMOGRAPHICS, order=20)
        )
