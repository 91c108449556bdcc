from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cairn.plans"
    label = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        from cairn.accounts.policy import Action
        from cairn.consents.categories import register_provider
        from cairn.core.registry import ChartTab, HomePanel, add_chart_tab, add_home_panel
        from cairn.plans.disclosure import treatment_plan
        from cairn.plans.panels import plans_due_panel

        add_chart_tab(ChartTab("Treatment plan", "plans:treatment", Action.VIEW_CHART, order=30))
        add_chart_tab(ChartTab("Relapse prevention", "plans:relapse", Action.VIEW_CHART, order=31))
        add_home_panel(HomePanel("plans_due", plans_due_panel, order=40))
        register_provider("treatment_plan", treatment_plan, source="cairn.plans")
        self._join_discharge_packet()

    @staticmethod
    def _join_discharge_packet() -> None:
        """The clients app's discharge packet takes sections from other apps (admissions
        issue); until that hook exists there is nothing to join."""
        try:
            from cairn.clients.discharge import PacketSection, add_packet_section
        except ImportError:
            return
        from cairn.plans.links import discharge_packet_section

        add_packet_section(
            PacketSection(
                "relapse_prevention_plan",
                "My relapse-prevention plan",
                discharge_packet_section,
                order=20,
            )
        )
