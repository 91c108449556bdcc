from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "cairn.worklist"
    label = "worklist"
    verbose_name = "Tasks and alerts"
