"""Group notes (issue 7.2): the facilitator writes the shared part once (topic, intervention,
group process) and an individualized part for each present member, on one screen. Signing
writes one note per present member into that member's chart holding the shared part and their
own part only — never another member's name or entry. Signing 15 members is one transaction
with a fixed number of queries (bulk writes; one audit event naming every note)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cairn.attendance import lookups
from cairn.audit.log import record
from cairn.notes import configuration, drafting
from cairn.notes.catalog import GROUP, PLAN, catalog, section_label
from cairn.notes.models import Addendum, GroupNote, GroupNoteEntry, Note, NoteImmutableError, Status
from cairn.notes.signing import cosigner_for
from cairn.scheduling.models import Session, SessionKind, SessionParticipant


def roster(session) -> list[SessionParticipant]:
    """Who is booked (a session or its id)."""
    session_id = getattr(session, "pk", session)
    return list(
        SessionParticipant.objects.filter(session_id=session_id, cancelled=False)
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "client_id")
    )


def start_group_note(
    session: Session, *, by, fmt: str, last_plans: dict | None = None, request=None
) -> GroupNote:
    """Open the session's group note with an entry per booked member. ``last_plans`` maps
    client ids to the plan of their last note, to start each member's plan from (issue 7.6)."""
    if session.kind != SessionKind.GROUP:
        raise ValidationError("Only a group session has a group note.")
    if session.status == Session.Status.CANCELLED:
        raise ValidationError("That session was cancelled; it has nothing to document.")
    group_type = catalog().note_types[GROUP]
    if fmt not in group_type.formats:
        raise ValidationError({"format": f"Pick one of {', '.join(group_type.formats)}."})
    members = roster(session)
    if not members:
        raise ValidationError("Nobody is booked into this session, so there is nobody to document.")
    layout = catalog().group_layouts[fmt]
    texts = configuration.starting_text(session.program_id, GROUP, fmt)
    service = drafting.service_from(session)
    with transaction.atomic():
        if GroupNote.objects.filter(session=session).exists():
            raise ValidationError("This session's group note is already started.")
        group_note = GroupNote.objects.create(
            program_id=session.program_id,
            session=session,
            format=fmt,
            shared_sections={key: texts.get(key, "") for key in layout.shared},
            modalities=list(group_type.default_modalities),
            author=by,
            due_at=configuration.due_at(session.program_id, GROUP, service["ends_at"]),
            **service,
        )
        present = _present_by_attendance(session, members)
        GroupNoteEntry.objects.bulk_create(
            _entry(
                group_note,
                member.client_id,
                texts,
                (last_plans or {}).get(member.client_id),
                present=present.get(member.client_id, True),
            )
            for member in members
        )
        record(
            "group_note.create",
            request=request,
            actor=by,
            obj=group_note,
            detail={"session": session.pk, "members": len(members), "format": fmt},
        )
    return group_note


def _present_by_attendance(session, members) -> dict[int, bool]:
    """Where attendance was taken, members recorded absent start unticked (the facilitator can
    still change it); members whose attendance isn't taken start as present."""
    recorded = lookups.recorded_client_ids(session)
    attended = lookups.present_client_ids(session)
    return {m.client_id: m.client_id in attended for m in members if m.client_id in recorded}


def _entry(group_note, client_id, texts, last_plan=None, *, present=True) -> GroupNoteEntry:
    sections = {key: texts.get(key, "") for key in group_note.layout.member}
    if last_plan and last_plan.strip():
        sections[PLAN] = last_plan
    return GroupNoteEntry(
        group_note=group_note, client_id=client_id, sections=sections, present=present
    )


def save_group_note(
    group_note: GroupNote,
    *,
    by,
    data: dict,
    shared: dict,
    members: dict,
    version: int,
    request=None,
) -> tuple[GroupNote, list[GroupNoteEntry]]:
    """Save the facilitator's work. ``members`` maps client ids to ``{"present": bool,
    "sections": {...}}``; a client who isn't on the session's roster is refused."""
    with transaction.atomic():
        row, entries = _write(
            group_note, by=by, data=data, shared=shared, members=members, version=version
        )
        row.save()
        record(
            "group_note.save_draft",
            request=request,
            actor=by,
            obj=row,
            detail={"session": row.session_id},
        )
    return row, entries


def _write(group_note, *, by, data, shared, members, version):
    """Lock the draft and apply the form to it and its entries (entries are written here; the
    group note row is left for the caller to save, once)."""
    row = drafting.locked_draft(GroupNote, group_note.pk, by=by, version=version)
    entries = _entries_with_roster(row)
    unknown = set(members) - set(entries)
    if unknown:
        raise ValidationError("The form names a client who isn't in this session. Reload the page.")
    layout = row.layout
    drafting.apply_service(row, data)
    row.shared_sections = {k: shared.get(k, row.shared_sections.get(k, "")) for k in layout.shared}
    for client_id, part in members.items():
        entry = entries[client_id]
        entry.present = bool(part.get("present"))
        written = part.get("sections", {})
        entry.sections = {k: written.get(k, entry.sections.get(k, "")) for k in layout.member}
    GroupNoteEntry.objects.bulk_update(list(entries.values()), ["present", "sections"])
    row.version += 1
    row.updated_at = timezone.now()
    return row, sorted(entries.values(), key=_by_name)


def _by_name(entry):
    return (entry.client.last_name, entry.client.first_name, entry.client_id)


def _entries_with_roster(row: GroupNote) -> dict[int, GroupNoteEntry]:
    """The entries, plus new ones for members booked since the note was started."""
    entries = {e.client_id: e for e in row.entries.select_related("client")}
    added = [p for p in roster(row.session_id) if p.client_id not in entries]
    if added:
        texts = configuration.starting_text(row.program_id, GROUP, row.format)
        created = GroupNoteEntry.objects.bulk_create(_entry(row, p.client_id, texts) for p in added)
        for entry, participant in zip(created, added, strict=True):
            entry.client = participant.client
            entries[entry.client_id] = entry
    return entries


def sign_group_note(
    group_note: GroupNote,
    *,
    by,
    data: dict,
    shared: dict,
    members: dict,
    version: int,
    request=None,
) -> list[Note]:
    """Save and sign: one signed note per present member, in one transaction."""
    with transaction.atomic():
        row, entries = _write(
            group_note, by=by, data=data, shared=shared, members=members, version=version
        )
        present = [e for e in entries if e.present]
        errors = {**privacy_errors(row, entries), **missing_content(row, present)}
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        cosigner_id = cosigner_for(by)
        notes = Note.objects.bulk_create(
            _member_note(row, entry, by=by, now=now, cosigner_id=cosigner_id) for entry in present
        )
        row.status = Status.SIGNED
        row.signed_at, row.signed_by = now, by
        row.cosigner_id, row.cosign_required = cosigner_id, cosigner_id is not None
        row.save()
        record(
            "group_note.sign",
            request=request,
            actor=by,
            obj=row,
            detail={
                "session": row.session_id,
                "notes": [n.pk for n in notes],
                "clients": [n.client_id for n in notes],
                "late": row.is_late,
                "cosign_required": row.cosign_required,
            },
        )
    return notes


def _member_note(row: GroupNote, entry: GroupNoteEntry, *, by, now, cosigner_id) -> Note:
    """A member's note: the shared part and this member's own part, nothing else."""
    return Note(
        program_id=row.program_id,
        client_id=entry.client_id,
        session_id=row.session_id,
        group_note=row,
        note_type=GROUP,
        format=row.format,
        service_date=row.service_date,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        mode=row.mode,
        location=row.location,
        modalities=list(row.modalities),
        shared_sections=dict(row.shared_sections),
        sections=dict(entry.sections),
        author=by,
        status=Status.SIGNED,
        due_at=row.due_at,
        created_at=now,
        updated_at=now,
        signed_at=now,
        signed_by=by,
        cosign_required=cosigner_id is not None,
        cosigner_id=cosigner_id,
    )


def missing_content(row: GroupNote, present: list[GroupNoteEntry]) -> dict[str, str]:
    errors = {}
    if not present:
        errors["__all__"] = "Mark at least one member present; absent members get no note."
    for key in row.layout.shared:
        if not (row.shared_sections.get(key) or "").strip():
            errors[f"shared-{key}"] = f"Write the {section_label(key)} before signing."
    for entry in present:
        for key in row.layout.member:
            if not (entry.sections.get(key) or "").strip():
                errors[f"m{entry.client_id}-{key}"] = (
                    f"Write {entry.client.first_name}'s {section_label(key)} before signing."
                )
    if not row.modalities:
        errors["modalities"] = "Pick the modality you used."
    return errors


# Privacy: a member's chart must never name another member -------------------------------------


def name_words(client) -> set[str]:
    words = {client.first_name, client.last_name, client.preferred_name}
    return {w for word in words for w in word.split() if len(w) >= 2}


def mentioned(text: str, words: set[str]) -> list[str]:
    """The names among ``words`` that ``text`` uses as whole words (names are capitalized)."""
    return sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text or ""))


def privacy_errors(row: GroupNote, entries: list[GroupNoteEntry]) -> dict[str, str]:
    """The shared part goes into every member's chart, so it names nobody; a member's part
    names no other member."""
    errors = {}
    everyone = set().union(*(name_words(e.client) for e in entries)) if entries else set()
    for key in row.layout.shared:
        found = mentioned(row.shared_sections.get(key, ""), everyone)
        if found:
            errors[f"shared-{key}"] = (
                f"Names a group member ({', '.join(found)}). The shared part goes into every "
                "member's chart: leave names out."
            )
    for entry in entries:
        if not entry.present:
            continue
        own = name_words(entry.client)
        others = everyone - own
        for key in row.layout.member:
            found = mentioned(entry.sections.get(key, ""), others)
            if found:
                errors[f"m{entry.client_id}-{key}"] = (
                    f"Names another member ({', '.join(found)}). "
                    f"{entry.client.first_name}'s chart must not name other members."
                )
    return errors


def add_group_addendum(
    group_note: GroupNote, *, by, reason: str, text: str, client_id=None, request=None
) -> list[Addendum]:
    """An addendum to every member's note (a correction of the shared part) or to one member's."""
    if not reason.strip() or not text.strip():
        raise ValidationError({"reason": "Give a reason and the text of the addendum."})
    with transaction.atomic():
        if not GroupNote.objects.filter(pk=group_note.pk, status=Status.SIGNED).exists():
            raise NoteImmutableError("Sign the group note first; a draft can still be edited.")
        notes = list(Note.objects.filter(group_note=group_note).select_related("client"))
        targets = [n for n in notes if client_id is None or n.client_id == client_id]
        if not targets:
            raise ValidationError({"target": "That member has no note from this group."})
        everyone = set().union(*(name_words(n.client) for n in notes))
        allowed = name_words(targets[0].client) if client_id is not None else set()
        found = mentioned(text, everyone - allowed) + mentioned(reason, everyone - allowed)
        if found:
            raise ValidationError(
                {
                    "text": f"Names a group member ({', '.join(sorted(set(found)))}); "
                    "an addendum goes into a member's chart, so leave other members' names out."
                }
            )
        addenda = Addendum.objects.bulk_create(
            Addendum(note=note, author=by, reason=reason, text=text) for note in targets
        )
        record(
            "group_note.addendum",
            request=request,
            actor=by,
            obj=group_note,
            detail={"notes": [n.pk for n in targets], "clients": [n.client_id for n in targets]},
        )
    return addenda
