"""A program's note rules: the catalog's defaults (``note_catalog.json``) with the program's
own settings on top (``ProgramNoteSetting``, ``NoteTemplate``, edited in configuration)."""

from datetime import datetime, timedelta

from cairn.notes.catalog import catalog
from cairn.notes.models import NoteTemplate, ProgramNoteSetting


def due_hours(program_id: int, note_type: str) -> int:
    """Hours after the service ends a note is due. Issue 7.4: a program-set time, by default
    24 hours for groups and 72 for other notes (the catalog's ``due_hours``)."""
    setting = ProgramNoteSetting.objects.filter(program_id=program_id, note_type=note_type).first()
    return setting.due_hours if setting else catalog().note_types[note_type].due_hours


def due_at(program_id: int, note_type: str, ends_at: datetime) -> datetime:
    return ends_at + timedelta(hours=due_hours(program_id, note_type))


def default_format(program_id: int, note_type: str) -> str:
    setting = ProgramNoteSetting.objects.filter(program_id=program_id, note_type=note_type).first()
    if setting and setting.default_format:
        return setting.default_format
    return catalog().note_types[note_type].default_format


def starting_text(program_id: int, note_type: str, fmt: str) -> dict[str, str]:
    """Starting text per section: the program's template, else the catalog's."""
    template = NoteTemplate.objects.filter(
        program_id=program_id, note_type=note_type, format=fmt
    ).first()
    if template is not None:
        return dict(template.texts)
    return dict(catalog().templates.get(note_type, {}).get(fmt, {}))


def due_hours_by_type(program_ids) -> dict[tuple[int, str], int]:
    """(program id, note type) → due hours for several programs, in one query."""
    defaults = {code: t.due_hours for code, t in catalog().note_types.items()}
    found = {(pid, code): hours for pid in program_ids for code, hours in defaults.items()}
    for setting in ProgramNoteSetting.objects.filter(program_id__in=list(program_ids)):
        found[(setting.program_id, setting.note_type)] = setting.due_hours
    return found
