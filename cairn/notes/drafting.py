"""Writing a client's note: open a draft, save it (autosave included). Each write is one
transaction with its audit event; drafts use optimistic locking (``version``): a second writer
gets ``DraftConflict``, never a lost update (DESIGN.md principle 2)."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.notes import configuration
from cairn.notes.catalog import GROUP, PLAN, catalog
from cairn.notes.models import Mode, Note, NoteImmutableError, Status
from cairn.scheduling.models import Session, SessionParticipant

#: Fields of a draft a writer may change (the note type, format and session are fixed at start).
DRAFT_FIELDS = ("service_date", "starts_at", "ends_at", "mode", "location", "modalities")


class DraftConflict(Exception):
    """The draft changed since the writer loaded it (another window, another save)."""

    def __init__(self, current):
        super().__init__("This draft was changed since you opened it.")
        self.current = current


def check_session(session: Session | None, client, note_type: str) -> None:
    """A note documents a session only for a client on its roster (issue 7, bad input)."""
    if session is None:
        return
    if (
        session.program_id != client.program_id
        or not SessionParticipant.objects.filter(
            session=session, client=client, cancelled=False
        ).exists()
    ):
        raise ValidationError({"session": f"{client.display_name} is not in that session."})
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(
            {"session": "That session was cancelled; it has nothing to document."}
        )
    kinds = catalog().note_types[note_type].session_kinds
    if session.kind not in kinds:
        raise ValidationError(
            {
                "session": f"A {catalog().note_types[note_type].label.lower()} note documents "
                f"a {' or '.join(kinds)} session, not a {session.get_kind_display().lower()} one."
            }
        )


def service_from(session: Session | None, now: datetime | None = None) -> dict:
    """Service date, times, place and mode: the session's, else the last 50 minutes."""
    if session is not None:
        starts, ends = session.starts_at, session.ends_at
        location = session.room.name if session.room_id else ""
        mode = Mode.TELEHEALTH if session.mode == Session.Mode.TELEHEALTH else Mode.IN_PERSON
    else:
        now = (now or timezone.now()).replace(second=0, microsecond=0)
        ends = now - timedelta(minutes=now.minute % 5)
        starts, location, mode = ends - timedelta(minutes=50), "", Mode.IN_PERSON
    return {
        "service_date": timezone.localdate(starts),
        "starts_at": starts,
        "ends_at": ends,
        "location": location,
        "mode": mode,
    }


def start_note(
    *, client, by, note_type: str, fmt: str, session=None, last_plan: str = "", request=None
) -> Note:
    """Open a draft note for ``client``, with the program's starting text and, when given, the
    last note's plan as the start of this one's (issue 7.6)."""
    types = catalog().note_types
    if note_type not in types or note_type == GROUP:
        raise ValidationError(
            {"note_type": "Pick a note type. Group notes start from the session."}
        )
    if fmt not in types[note_type].formats:
        raise ValidationError({"format": f"Pick one of {', '.join(types[note_type].formats)}."})
    check_session(session, client, note_type)
    texts = configuration.starting_text(client.program_id, note_type, fmt)
    keys = catalog().section_keys(note_type, fmt)
    sections = {key: texts.get(key, "") for key in keys}
    if last_plan.strip():
        sections[PLAN] = last_plan
    service = service_from(session)
    with transaction.atomic():
        note = Note.objects.create(
            program_id=client.program_id,
            client=client,
            session=session,
            note_type=note_type,
            format=fmt,
            sections=sections,
            modalities=list(types[note_type].default_modalities),
            author=by,
            due_at=configuration.due_at(client.program_id, note_type, service["ends_at"]),
            **service,
        )
        record(
            "note.create",
            request=request,
            actor=by,
            obj=note,
            detail={"type": note_type, "format": fmt, "session": session.pk if session else None},
        )
    return note


def locked_draft(model, pk, *, by, version: int | None):
    """The row, locked for this transaction, if ``by`` may still change it."""
    row = model.objects.select_for_update().get(pk=pk)
    if row.status != Status.DRAFT:
        raise NoteImmutableError("This note is signed and can't be changed. Add an addendum.")
    if row.author_id != by.pk:
        raise PermissionDenied
    if version is not None and row.version != version:
        raise DraftConflict(row)
    return row


def apply_service(row, data: dict) -> list[str]:
    """Copy the given service fields; recompute when the note is due if the times moved."""
    changed = []
    for field in DRAFT_FIELDS:
        if field in data and getattr(row, field) != data[field]:
            setattr(row, field, data[field])
            changed.append(field)
    if "ends_at" in changed:
        note_type = getattr(row, "note_type", GROUP)
        row.due_at = configuration.due_at(row.program_id, note_type, row.ends_at)
    return changed


def save_draft(note: Note, *, by, data: dict, version: int, request=None) -> Note:
    """Save what the author wrote. ``data`` holds any of ``DRAFT_FIELDS`` and ``sections``
    (only the format's sections are kept). Times must already be checked (forms.NoteForm)."""
    with transaction.atomic():
        row = locked_draft(Note, note.pk, by=by, version=version)
        changed = apply_service(row, data)
        if "sections" in data:
            keys = catalog().section_keys(row.note_type, row.format)
            sections = {key: data["sections"].get(key, row.sections.get(key, "")) for key in keys}
            if sections != row.sections:
                row.sections = sections
                changed.append("sections")
        if "objectives" in data and data["objectives"] != row.addressed_objectives_ids():
            row.addressed_objectives.set(data["objectives"])
            changed.append("objectives")
        if "homework" in data and data["homework"] != row.cited_homework_ids():
            row.cited_homework.set(data["homework"])
            changed.append("homework")
        if changed:
            row.version += 1
            row.updated_at = timezone.now()
            row.save()
            record(
                "note.save_draft",
                request=request,
                actor=by,
                obj=row,
                detail={"fields": changed},
            )
    return row
