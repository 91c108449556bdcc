from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cairn.portal"
    label = "portal"
    verbose_name = "Client portal"
