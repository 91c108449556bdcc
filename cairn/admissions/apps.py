from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "cairn.admissions"
    label = "admissions"
    verbose_name = "Admissions"
