"""42 CFR Part 2 consents, disclosures, accounting of disclosures, record export."""

from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "cairn.consents"
    label = "consents"
    verbose_name = "Consents and disclosures"

    def ready(self) -> None:
        from cairn.accounts.policy import Action
        from cairn.consents import panels
        from cairn.consents.presets import presets
        from cairn.consents.providers import register_interim_providers
        from cairn.core.registry import ChartTab, HomePanel, add_chart_tab, add_home_panel

        presets()  # a broken template file stops start-up, naming the entry
        register_interim_providers()
        add_chart_tab(
            ChartTab("Consents & disclosures", "consents:chart", Action.MANAGE_CONSENTS, order=80)
        )
        add_home_panel(HomePanel("consents_review", panels.review_panel, order=65))
