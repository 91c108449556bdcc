from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "cairn.clients"
    label = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import Action, ProgramAction
        from cairn.core.registry import ChartTab, NavItem, add_chart_tab, add_nav

        add_nav(
            NavItem(
                "Clients",
                "clients:census",
                lambda request: may(request, ProgramAction.VIEW_CENSUS),
                order=10,
                match="/clients/",
            )
        )
        add_chart_tab(ChartTab("Overview", "clients:chart", Action.VIEW_DEMOGRAPHICS, order=0))
