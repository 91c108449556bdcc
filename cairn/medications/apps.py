"""Medications, medication for addiction treatment, allergies and drug screens."""

from django.apps import AppConfig


class MedicationsConfig(AppConfig):
    name = "cairn.medications"
    label = "medications"
    verbose_name = "Medications and drug screens"

    def ready(self) -> None:
        from cairn.accounts.policy import Action
        from cairn.core.registry import ChartTab, add_chart_tab, add_header_fact
        from cairn.medications.catalog import catalog
        from cairn.medications.queries import recovery_header_fact

        catalog()  # a broken data file stops start-up, naming the file and the entry
        add_chart_tab(ChartTab("Medications", "medications:chart", Action.VIEW_CHART, order=60))
        add_chart_tab(ChartTab("Drug screens", "medications:screens", Action.VIEW_CHART, order=61))
        add_chart_tab(ChartTab("Adherence", "medications:adherence", Action.VIEW_CHART, order=62))
        add_header_fact(recovery_header_fact, action=Action.VIEW_CHART, order=30)
