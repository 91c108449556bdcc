from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "cairn.fhir"
    label = "fhir"
    verbose_name = "FHIR API"
