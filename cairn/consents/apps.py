from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "cairn.consents"
    label = "consents"
    verbose_name = "Consents and disclosures"
