"""Taking attendance: ``record_attendance`` (a whole roster in one call), ``add_drop_in``.

Rules (issue 6):
- attendance is taken for a session that has started and was not cancelled;
- each client's status is present, late, left early, absent (excused) or absent (unexcused);
  minutes attended default to the session's length less the minutes late and left early, and
  can never exceed that or be negative; an absence has no minutes;
- taking the same attendance again changes nothing; changing attendance already taken is a
  correction, which needs a reason and keeps the earlier values (``AttendanceCorrection``);
- two people saving the same session at once: the second gets a clear conflict, never a lost
  update (each row carries the version the form showed).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cairn.attendance import absences
from cairn.attendance.hours import local_day
from cairn.attendance.models import (
    ABSENT,
    AttendanceCorrection,
    AttendanceRecord,
    AttendanceStatus,
)
from cairn.audit.log import record as audit
from cairn.clients.models import Client, Episode
from cairn.scheduling.models import Session, SessionParticipant


class AttendanceError(Exception):
    """Refused: nothing was saved. ``str(error)`` is the message for the person."""


class SessionRefused(AttendanceError):
    pass


class InvalidMarks(AttendanceError):
    def __init__(self, errors: dict[int, dict[str, str]]):
        super().__init__("Some rows need fixing; nothing was saved.")
        self.errors = errors


class ReasonRequired(AttendanceError):
    def __init__(self):
        super().__init__("Say why you are changing attendance that was already taken.")


class Conflict(AttendanceError):
    def __init__(self, client_ids: list[int]):
        super().__init__(
            "Someone else changed this attendance while you had it open. Your changes were "
            "not saved; the page now shows what is recorded."
        )
        self.client_ids = client_ids


class NotOnRoster(AttendanceError):
    def __init__(self):
        super().__init__("Add the client as a drop-in before recording their attendance.")


@dataclass(frozen=True)
class Mark:
    """One roster row as submitted. ``minutes`` None means "the default"; ``version`` is the
    record version the form showed (None when nothing was recorded yet)."""

    client_id: int
    status: str
    minutes: int | None = None
    late_minutes: int = 0
    early_minutes: int = 0
    version: int | None = None


@dataclass
class Outcome:
    created: list[AttendanceRecord] = field(default_factory=list)
    corrected: list[AttendanceRecord] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.corrected)


def session_refusal(session: Session, now: datetime | None = None) -> str:
    """Why attendance can't be taken for ``session`` now ("" when it can)."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        return "This session was cancelled, so there is no attendance to take."
    if session.starts_at > now:
        starts = timezone.localtime(session.starts_at, session.program.tz)
        return (
            f"This session starts on {starts:%A %B %-d at %H:%M}. "
            "Take attendance once it has started."
        )
    return ""


def check_mark(
    status: str, minutes: int | None, late: int, early: int, length: int
) -> tuple[int, dict[str, str]]:
    """The minutes attended for a row and field-level errors ({} when the row is valid)."""
    errors: dict[str, str] = {}
    if status not in AttendanceStatus.values:
        return 0, {"status": "Choose present, late, left early or one of the absences."}
    for name, value in (("minutes", minutes), ("late_minutes", late), ("early_minutes", early)):
        if value is not None and value < 0:
            errors[name] = "Minutes can't be negative."
    if errors:
        return 0, errors
    if status in ABSENT:
        for name, value in (("minutes", minutes), ("late_minutes", late), ("early_minutes", early)):
            if value:
                errors[name] = "An absent client attended no minutes: leave this at 0."
        return 0, errors
    if status == AttendanceStatus.PRESENT:
        if late:
            errors["late_minutes"] = "Choose Late for a client who arrived late."
        if early:
            errors["early_minutes"] = "Choose Left early for a client who left before the end."
    if status == AttendanceStatus.LATE and not late:
        errors["late_minutes"] = "How many minutes late did they arrive?"
    if status == AttendanceStatus.LEFT_EARLY and not early:
        errors["early_minutes"] = "How many minutes before the end did they leave?"
    if errors:
        return 0, errors
    possible = length - late - early
    if possible <= 0:
        field_name = "late_minutes" if late else "early_minutes"
        return 0, {
            field_name: f"That is the whole {length}-minute session: mark the client absent."
        }
    if minutes is None:
        return possible, {}
    if minutes > length:
        return 0, {"minutes": f"The session is {length} minutes long; enter at most {length}."}
    if minutes > possible:
        return 0, {
            "minutes": f"With {late + early} minutes late or left early, at most {possible} "
            f"of the {length} minutes were attended."
        }
    if minutes == 0:
        return 0, {"minutes": "A client who attended was there for some minutes, or is absent."}
    return minutes, {}


@transaction.atomic
def record_attendance(
    session: Session, marks: list[Mark], *, by, reason: str = "", request=None, now=None
) -> Outcome:
    """Save a roster's attendance in one transaction (all rows or none), audit each change,
    and raise outreach and alerts for absences (``absences.after_recording``)."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("program").get(pk=session.pk)
    refusal = session_refusal(session, now)
    if refusal:
        raise SessionRefused(refusal)
    if len({mark.client_id for mark in marks}) != len(marks):
        raise ValueError("One mark per client.")
    values, errors = {}, {}
    for mark in marks:
        minutes, problems = check_mark(
            mark.status, mark.minutes, mark.late_minutes, mark.early_minutes, session.minutes
        )
        if problems:
            errors[mark.client_id] = problems
        values[mark.client_id] = (mark.status, minutes, mark.late_minutes, mark.early_minutes)
    if errors:
        raise InvalidMarks(errors)
    existing = {
        r.client_id: r for r in AttendanceRecord.objects.select_for_update().filter(session=session)
    }
    on_roster = set(
        SessionParticipant.objects.filter(session=session, cancelled=False).values_list(
            "client_id", flat=True
        )
    )
    if any(m.client_id not in on_roster and m.client_id not in existing for m in marks):
        raise NotOnRoster()
    outcome, to_create, to_correct, conflicts = Outcome(), [], [], []
    for mark in marks:
        record = existing.get(mark.client_id)
        if record is None:
            to_create.append(mark)
        elif record.values() == values[mark.client_id]:
            outcome.unchanged += 1
        elif mark.version != record.version:
            conflicts.append(mark.client_id)
        else:
            to_correct.append(record)
    if conflicts:
        raise Conflict(conflicts)
    reason = reason.strip()
    if to_correct and not reason:
        raise ReasonRequired()
    outcome.created = _create(session, to_create, values, by=by, request=request, now=now)
    corrected = [
        _correct(session, record, values[record.client_id], reason, by=by, request=request, now=now)
        for record in to_correct
    ]
    outcome.corrected = [record for record, _ in corrected]
    absences.after_recording(session, created=outcome.created, corrected=corrected, by=by, now=now)
    return outcome


def _episodes_on(session: Session, client_ids: list[int]) -> dict[int, int]:
    """{client_id: episode_id} of the episode each client was in on the session's day."""
    day = local_day(session.starts_at, session.program.tz)
    episodes = (
        Episode.objects.filter(client_id__in=client_ids, admitted_on__lte=day)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=day))
        .order_by("admitted_on")
        .values_list("client_id", "pk")
    )
    return dict(episodes)


def _create(session, marks, values, *, by, request, now) -> list[AttendanceRecord]:
    if not marks:
        return []
    episodes = _episodes_on(session, [m.client_id for m in marks])
    records = AttendanceRecord.objects.bulk_create(
        AttendanceRecord(
            session=session,
            client_id=mark.client_id,
            episode_id=episodes.get(mark.client_id),
            status=values[mark.client_id][0],
            minutes=values[mark.client_id][1],
            late_minutes=mark.late_minutes,
            early_minutes=mark.early_minutes,
            recorded_by=by,
            recorded_at=now,
        )
        for mark in marks
    )
    for record in records:
        audit(
            "attendance.record",
            request=request,
            actor=by,
            obj=record,
            client_id=record.client_id,
            program_id=session.program_id,
            detail={"session": session.pk, "status": record.status, "minutes": record.minutes},
        )
    return records


def _correct(session, record, values, reason, *, by, request, now) -> tuple[AttendanceRecord, str]:
    before = record.values()
    status, minutes, late, early = values
    record.status, record.minutes, record.late_minutes, record.early_minutes = values
    record.version += 1
    record.save(update_fields=["status", "minutes", "late_minutes", "early_minutes", "version"])
    correction = AttendanceCorrection.objects.create(
        record=record,
        version=record.version,
        previous_status=before[0],
        previous_minutes=before[1],
        previous_late_minutes=before[2],
        previous_early_minutes=before[3],
        status=status,
        minutes=minutes,
        late_minutes=late,
        early_minutes=early,
        reason=reason,
        corrected_by=by,
        corrected_at=now,
    )
    audit(
        "attendance.correct",
        request=request,
        actor=by,
        obj=record,
        client_id=record.client_id,
        program_id=session.program_id,
        detail={
            "session": session.pk,
            "correction": correction.pk,
            "from": [before[0], before[1]],
            "to": [status, minutes],
        },
    )
    return record, before[0]


@transaction.atomic
def add_drop_in(session: Session, client: Client, *, by, request=None, now=None):
    """Put a client who was not booked on the session's roster, marked as a drop-in."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("program").get(pk=session.pk)
    refusal = session_refusal(session, now)
    if refusal:
        raise SessionRefused(refusal)
    if client.program_id != session.program_id:
        raise AttendanceError("That client is not in this session's program.")
    participant, created = SessionParticipant.objects.get_or_create(
        session=session, client=client, defaults={"drop_in": True, "added_at": now}
    )
    if not created and not participant.cancelled:
        return participant
    if not created:
        participant.cancelled = False
        participant.save(update_fields=["cancelled"])
    audit(
        "attendance.drop_in",
        request=request,
        actor=by,
        obj=participant,
        client_id=client.pk,
        program_id=session.program_id,
        detail={"session": session.pk, "rebooked": not created},
    )
    return participant
