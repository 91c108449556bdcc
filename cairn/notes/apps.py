from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "cairn.notes"
    label = "notes"
    verbose_name = "Clinical notes"

    def ready(self) -> None:
        from cairn.accounts.policy import Action
        from cairn.core.registry import (
            ChartTab,
            HomePanel,
            NavItem,
            add_chart_tab,
            add_home_panel,
            add_nav,
        )
        from cairn.medications.hooks import add_medication_note_source
        from cairn.notes import catalog, panels, queries
        from cairn.plans.links import register_related_records

        catalog.catalog()  # a broken catalog file stops start-up, naming the field
        add_chart_tab(ChartTab("Notes", "notes:chart", Action.VIEW_CHART, order=20))
        add_nav(NavItem("Notes", "notes:mine", panels.writes_notes, order=30, match="/notes/"))
        add_home_panel(HomePanel("notes", panels.notes_panel, order=20))
        add_home_panel(HomePanel("notes_cosign", panels.cosign_panel, order=25))
        add_home_panel(HomePanel("notes_timeliness", panels.timeliness_panel, order=60))
        add_medication_note_source(queries.medication_management_notes)
        register_related_records(queries.notes_for_objectives)
