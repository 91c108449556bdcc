"""Program configuration for notes (no client data): due times, default formats, and the
starting text of each note type — rules as data clinicians can change (DESIGN.md 3)."""

from django.contrib import admin

from cairn.notes.models import NoteTemplate, ProgramNoteSetting


@admin.register(ProgramNoteSetting)
class ProgramNoteSettingAdmin(admin.ModelAdmin):
    list_display = ["program", "note_type", "due_hours", "default_format"]
    list_filter = ["program"]


@admin.register(NoteTemplate)
class NoteTemplateAdmin(admin.ModelAdmin):
    list_display = ["program", "note_type", "format", "updated_at"]
    list_filter = ["program", "note_type"]
