from django.apps import AppConfig


class MedicationsConfig(AppConfig):
    name = "cairn.medications"
    label = "medications"
    verbose_name = "Medications and drug screens"
