"""Factories for notes (STYLE.md, convention 5)."""

from datetime import timedelta

from django.utils import timezone

from cairn.notes.catalog import catalog
from cairn.notes.models import Note, Status


def make_note(client, author, *, signed=False, note_type="individual", fmt="DAP", **overrides):
    """A note written now for a service that ended an hour ago; signed when asked."""
    ends_at = overrides.pop("ends_at", timezone.now() - timedelta(hours=1))
    starts_at = overrides.pop("starts_at", ends_at - timedelta(minutes=50))
    keys = catalog().section_keys(note_type, fmt)
    values = {
        "program_id": client.program_id,
        "client": client,
        "note_type": note_type,
        "format": fmt,
        "service_date": timezone.localdate(starts_at),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "modalities": ["cbt"],
        "sections": {key: f"{key.title()} text for the note." for key in keys},
        "author": author,
        "due_at": ends_at + timedelta(hours=catalog().note_types[note_type].due_hours),
    }
    if signed:
        values.update(status=Status.SIGNED, signed_at=timezone.now(), signed_by=author)
    values.update(overrides)
    return Note.objects.create(**values)


def note_form_data(note, **overrides) -> dict:
    """What the note form posts for ``note`` as stored (override any field)."""
    tz = note.program.tz
    data = {
        "service_date": note.service_date.isoformat(),
        "start_time": timezone.localtime(note.starts_at, tz).strftime("%H:%M"),
        "end_time": timezone.localtime(note.ends_at, tz).strftime("%H:%M"),
        "mode": note.mode,
        "location": note.location,
        "modalities": list(note.modalities),
        "version": note.version,
    }
    for key in catalog().section_keys(note.note_type, note.format):
        data[f"s-{key}"] = note.sections.get(key, "")
    data.update(overrides)
    return data


def group_form_data(group_note, *, members: dict | None = None, **overrides) -> dict:
    """What the group note screen posts. ``members`` maps a client to its sections (or to
    ``None`` for absent); members not given are posted as stored."""
    group_note.refresh_from_db()
    tz = group_note.program.tz
    data = {
        "service_date": group_note.service_date.isoformat(),
        "start_time": timezone.localtime(group_note.starts_at, tz).strftime("%H:%M"),
        "end_time": timezone.localtime(group_note.ends_at, tz).strftime("%H:%M"),
        "mode": group_note.mode,
        "location": group_note.location,
        "modalities": list(group_note.modalities) or ["relapse_prevention"],
        "version": group_note.version,
    }
    for key in group_note.layout.shared:
        data[f"shared-{key}"] = group_note.shared_sections.get(key, "")
    members = {c.pk: v for c, v in (members or {}).items()}
    for entry in group_note.entries.all():
        sections = members.get(entry.client_id, entry.sections)
        if entry.client_id in members and sections is None:
            continue  # absent: the checkbox is not posted
        data[f"m{entry.client_id}-present"] = "on"
        for key in group_note.layout.member:
            data[f"m{entry.client_id}-{key}"] = (sections or {}).get(key, "")
    data.update(overrides)
    return data


def written_group(group_note, texts: dict) -> dict:
    """Form data with every shared section and each client's sections filled: ``texts`` maps a
    client to a word that their part repeats (so a test can look for it elsewhere)."""
    shared = {
        f"shared-{k}": f"Shared {k} about coping with cravings." for k in group_note.layout.shared
    }
    members = {
        client: {k: f"{word} {k} entry." for k in group_note.layout.member}
        for client, word in texts.items()
    }
    return group_form_data(group_note, members=members, **shared)
