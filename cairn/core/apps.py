from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cairn.core"
    label = "core"
    verbose_name = "Programs and configuration"

    def ready(self) -> None:
        from cairn.core import checks  # noqa: F401  (registers the cairn.* system checks)
