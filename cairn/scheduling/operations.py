"""Changing sessions by hand (issue 5, point 4): add, move or change, cancel, book and unbook.

Each is one transaction with its audit event. Every change is checked (conflicts.py) and
refused with the reasons, changing nothing. Writes to one program's schedule are serialized by
locking the program row, so two people cannot double-book the same hour at the same moment.
Changes use the session's ``version``: a stale form gets a clear conflict, never a lost update.
A session changed by hand is pinned: re-planning the week keeps it as it is."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.core.models import Program
from cairn.scheduling.conflicts import Draft, ScheduleConflict, find_conflicts
from cairn.scheduling.models import GroupType, Room, Session, SessionParticipant

__all__ = [
    "ScheduleConflict",
    "SessionChange",
    "StaleSession",
    "add_client",
    "cancel_session",
    "change_session",
    "create_session",
    "remove_client",
]


class StaleSession(ScheduleConflict):
    def __init__(self):
        super().__init__(
            [
                "Someone else changed this session while you were editing it. "
                "Its current details are shown; make your change again."
            ]
        )


@dataclass
class SessionChange:
    """What a form gives an operation (the cleaned data, typed)."""

    kind: str
    starts_at: datetime
    ends_at: datetime
    facilitator: object
    group_type: GroupType | None = None
    room: Room | None = None
    track: object = None
    mode: str = Session.Mode.IN_PERSON
    telehealth_url: str = ""
    title: str = ""
    client_ids: list[int] = field(default_factory=list)


def _lock_program(program_id: int) -> Program:
    return Program.objects.select_for_update().get(pk=program_id)


def _locked(session: Session, version: int | None) -> Session:
    current = Session.objects.select_for_update().get(pk=session.pk)
    if version is not None and current.version != version:
        raise StaleSession()
    return current


def _roster(session: Session) -> list[int]:
    return list(
        session.participants.filter(cancelled=False)
        .order_by("client_id")
        .values_list("client_id", flat=True)
    )


def _check(draft: Draft) -> None:
    reasons = find_conflicts(draft)
    if reasons:
        raise ScheduleConflict(reasons)


def create_session(program, change: SessionChange, *, by, request=None) -> Session:
    """Add a session by hand (pinned: the weekly plan keeps it)."""
    with transaction.atomic():
        program = _lock_program(program.pk)
        _check(
            Draft(
                program=program,
                kind=change.kind,
                starts_at=change.starts_at,
                ends_at=change.ends_at,
                facilitator=change.facilitator,
                group_type=change.group_type,
                room=change.room,
                client_ids=change.client_ids,
            )
        )
        session = Session.objects.create(
            program=program,
            kind=change.kind,
            group_type=change.group_type if change.kind == "group" else None,
            title=change.title,
            starts_at=change.starts_at,
            ends_at=change.ends_at,
            room=change.room,
            facilitator=change.facilitator,
            track=change.track,
            mode=change.mode,
            telehealth_url=change.telehealth_url,
            pinned=True,
        )
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, client_id=cid) for cid in change.client_ids
        )
        record(
            "session.create",
            request=request,
            actor=by,
            obj=session,
            detail={"kind": session.kind, "clients": len(change.client_ids)},
        )
    return session


def change_session(session: Session, change: SessionChange, *, version, by, request=None):
    """Move a session or change its facilitator, room, type or mode. The roster stays."""
    with transaction.atomic():
        program = _lock_program(session.program_id)
        current = _locked(session, version)
        roster = _roster(current)
        _check(
            Draft(
                program=program,
                kind=change.kind,
                starts_at=change.starts_at,
                ends_at=change.ends_at,
                facilitator=change.facilitator,
                group_type=change.group_type,
                room=change.room,
                client_ids=roster,
                session_id=current.pk,
            )
        )
        fields = {
            "kind": change.kind,
            "group_type": change.group_type if change.kind == "group" else None,
            "title": change.title,
            "starts_at": change.starts_at,
            "ends_at": change.ends_at,
            "room": change.room,
            "facilitator": change.facilitator,
            "track": change.track,
            "mode": change.mode,
            "telehealth_url": change.telehealth_url,
        }
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        for name, value in fields.items():
            setattr(current, name, value)
        current.pinned = True
        current.version += 1
        current.save()
        record("session.change", request=request, actor=by, obj=current, detail={"fields": changed})
    return current


def cancel_session(session: Session, *, version, reason: str, by, request=None) -> Session:
    with transaction.atomic():
        current = _locked(session, version)
        if current.status != Session.Status.SCHEDULED:
            raise ScheduleConflict([f"This session is {current.get_status_display().lower()}."])
        current.status = Session.Status.CANCELLED
        current.cancel_reason = reason[:200]
        current.pinned = True
        current.version += 1
        current.save(update_fields=["status", "cancel_reason", "pinned", "version"])
        record(
            "session.cancel", request=request, actor=by, obj=current, detail={"why": reason[:200]}
        )
    return current


def add_client(session: Session, client, *, version=None, by, request=None, makeup=False):
    """Book a client into a session (a make-up seat, or a change by hand)."""
    with transaction.atomic():
        program = _lock_program(session.program_id)
        current = _locked(session, version)
        if current.status != Session.Status.SCHEDULED:
            raise ScheduleConflict([f"This session is {current.get_status_display().lower()}."])
        roster = _roster(current)
        if client.pk in roster:
            raise ScheduleConflict([f"{client.display_name} is already booked in this session."])
        _check(
            Draft(
                program=program,
                kind=current.kind,
                starts_at=current.starts_at,
                ends_at=current.ends_at,
                facilitator=current.facilitator,
                group_type=current.group_type,
                room=current.room,
                client_ids=[*roster, client.pk],
                session_id=current.pk,
            )
        )
        row, created = SessionParticipant.objects.get_or_create(session=current, client=client)
        if not created:
            row.cancelled = False
            row.added_at = timezone.now()
            row.save(update_fields=["cancelled", "added_at"])
        current.pinned = True
        current.version += 1
        current.save(update_fields=["pinned", "version"])
        record(
            "session.book",
            request=request,
            actor=by,
            obj=current,
            client_id=client.pk,
            detail={"makeup": makeup},
        )
    return current


def remove_client(session: Session, client, *, version=None, by, request=None) -> Session:
    with transaction.atomic():
        current = _locked(session, version)
        updated = SessionParticipant.objects.filter(
            session=current, client=client, cancelled=False
        ).update(cancelled=True)
        if not updated:
            raise ScheduleConflict([f"{client.display_name} is not booked in this session."])
        current.pinned = True
        current.version += 1
        current.save(update_fields=["pinned", "version"])
        record("session.unbook", request=request, actor=by, obj=current, client_id=client.pk)
    return current
