from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "cairn.clients"
    label = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import Action, ProgramAction
        from cairn.clients import disclosure
        from cairn.clients.panels import my_tasks_panel
        from cairn.consents.categories import register_provider
        from cairn.core.registry import (
            ChartTab,
            HomePanel,
            NavItem,
            add_chart_tab,
            add_home_panel,
            add_nav,
        )

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
        add_chart_tab(ChartTab("Contacts", "clients:contacts", Action.VIEW_DEMOGRAPHICS, order=5))
        add_chart_tab(ChartTab("Coverage", "clients:coverage", Action.VIEW_DEMOGRAPHICS, order=6))
        add_chart_tab(ChartTab("Diagnoses", "clients:diagnoses", Action.VIEW_CHART, order=7))
        add_chart_tab(ChartTab("Episodes", "clients:episodes", Action.VIEW_CHART, order=8))
        add_home_panel(HomePanel("my_tasks", my_tasks_panel, order=10))
        register_provider("diagnoses", disclosure.diagnoses, source="cairn.clients")
        register_provider("discharge_summary", disclosure.discharge_summary, source="cairn.clients")
