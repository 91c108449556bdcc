"""The FHIR R4 API (mapping only; no business rules)."""

from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "cairn.fhir"
    label = "fhir"
    verbose_name = "FHIR API"

    def ready(self):
        from cairn.accounts.access import may
        from cairn.accounts.policy import ProgramAction
        from cairn.core.registry import NavItem, add_nav

        add_nav(
            NavItem(
                "API clients",
                "fhir:clients",
                lambda request: may(request, ProgramAction.CONFIGURE_PROGRAM),
                order=95,
                match="/fhir/clients/",
            )
        )
