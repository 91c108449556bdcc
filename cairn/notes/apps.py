from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "cairn.notes"
    label = "notes"
    verbose_name = "Clinical notes"
