from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "cairn.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"
