"""Every hand-made change to the schedule is checked here before it is saved (issue 5, point 4):
double booking, room kind, capacity and closures, availability, qualification, group size,
keep-apart pairs and the staff member's weekly hour limit. Each conflict is one plain sentence.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cairn.clients.models import Client
from cairn.scheduling.availability import client_conflict, room_conflict, staff_conflict
from cairn.scheduling.models import (
    BASE_QUALIFICATIONS,
    ClientUnavailability,
    GroupType,
    KeepApart,
    Room,
    ScheduleSettings,
    Session,
    SessionParticipant,
    StaffProfile,
)
from cairn.scheduling.weeks import monday_of


class ScheduleConflict(Exception):
    """A change refused; ``reasons`` lists every conflict found, in plain words."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class Draft:
    """A session as it would be after the change."""

    program: object
    kind: str
    starts_at: datetime
    ends_at: datetime
    facilitator: object
    group_type: GroupType | None = None
    room: Room | None = None
    client_ids: list[int] = field(default_factory=list)
    session_id: int | None = None  # the session being changed (not a conflict with itself)


def _when(session: Session, tz) -> str:
    start = session.starts_at.astimezone(tz)
    return f"{start:%a %b %-d} {start:%H:%M}–{session.ends_at.astimezone(tz):%H:%M}"


def _overlapping(draft: Draft):
    found = Session.objects.filter(
        program=draft.program, starts_at__lt=draft.ends_at, ends_at__gt=draft.starts_at
    ).exclude(status=Session.Status.CANCELLED)
    if draft.session_id:
        found = found.exclude(pk=draft.session_id)
    return found.select_related("group_type", "facilitator")


def _room_conflicts(draft: Draft, overlapping, tz) -> list[str]:
    room, out = draft.room, []
    if room is None:
        return out
    if draft.kind not in (room.kinds or []):
        out.append(f"{room.name} is not set up for {draft.kind} sessions.")
    if len(draft.client_ids) > room.capacity:
        out.append(f"{room.name} holds {room.capacity}; this session has {len(draft.client_ids)}.")
    closure = room_conflict(room.closures.all(), draft.starts_at, draft.ends_at)
    if closure:
        why = f" ({closure.reason})" if closure.reason else ""
        out.append(f"{room.name} is closed then{why}.")
    for other in overlapping:
        if other.room_id == room.pk:
            out.append(f"{room.name} is already booked for {other.label} ({_when(other, tz)}).")
    return out


def _staff_conflicts(draft: Draft, overlapping, tz) -> list[str]:
    person, out = draft.facilitator, []
    name = person.display_name
    for other in overlapping:
        if other.facilitator_id == person.pk:
            out.append(f"{name} already leads {other.label} ({_when(other, tz)}).")
    profile = (
        StaffProfile.objects.filter(program=draft.program, user=person)
        .prefetch_related("hours", "time_off")
        .first()
    )
    quals = profile.qualifications if profile else list(BASE_QUALIFICATIONS)
    needed = draft.group_type.qualification if draft.group_type else draft.kind
    if needed not in quals:
        out.append(f"{name} does not hold the “{needed}” qualification this session needs.")
    if profile:
        why = staff_conflict(
            list(profile.hours.all()),
            profile.time_off.all(),
            draft.starts_at.astimezone(tz),
            draft.ends_at.astimezone(tz),
        )
        if why:
            out.append(f"{name} {why}.")
    if profile:
        limit = profile.max_hours
    else:
        limit = ScheduleSettings.for_program(draft.program).staff_max_hours
    hours = _week_hours(draft, tz) + (draft.ends_at - draft.starts_at).total_seconds() / 3600
    if hours > limit + 1e-9:
        out.append(f"{name} would work {hours:g} hours that week; their limit is {limit}.")
    return out


def _week_hours(draft: Draft, tz) -> float:
    monday = monday_of(draft.starts_at.astimezone(tz).date())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    sessions = Session.objects.filter(
        facilitator=draft.facilitator,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=7),
    ).exclude(status=Session.Status.CANCELLED)
    if draft.session_id:
        sessions = sessions.exclude(pk=draft.session_id)
    total = timedelta()
    for begin, end in sessions.values_list("starts_at", "ends_at"):
        total += end - begin
    return total.total_seconds() / 3600


def _client_conflicts(draft: Draft, overlapping, tz) -> list[str]:
    if not draft.client_ids:
        return []
    out = []
    names = {c.pk: c.display_name for c in Client.objects.filter(pk__in=draft.client_ids)}
    busy = (
        SessionParticipant.objects.filter(
            client_id__in=draft.client_ids, cancelled=False, session_id__in=overlapping
        )
        .select_related("session__group_type")
        .order_by("client_id")
    )
    for row in busy:
        when = _when(row.session, tz)
        out.append(f"{names[row.client_id]} is already in {row.session.label} ({when}).")
    rows = {}
    for row in ClientUnavailability.objects.filter(client_id__in=draft.client_ids):
        rows.setdefault(row.client_id, []).append(row)
    start, end = draft.starts_at.astimezone(tz), draft.ends_at.astimezone(tz)
    for client_id in draft.client_ids:
        hit = client_conflict(rows.get(client_id, []), start, end)
        if hit:
            why = f"{hit.get_reason_display().lower()}: {hit.describe()}"
            out.append(f"{names[client_id]} is not available then ({why}).")
    if draft.kind == "group":
        ids = draft.client_ids
        pairs = KeepApart.objects.filter(
            ended_at__isnull=True, client_a_id__in=ids, client_b_id__in=ids
        )
        for pair in pairs:
            out.append(
                f"{names[pair.client_a_id]} and {names[pair.client_b_id]} must be kept apart "
                f"({pair.get_reason_display().lower()})."
            )
        gt = draft.group_type
        if gt and len(draft.client_ids) > gt.max_size:
            out.append(f"{gt.name} groups take at most {gt.max_size} clients.")
    elif len(draft.client_ids) > 1:
        article = "An" if draft.kind == "individual" else "A"
        out.append(f"{article} {draft.kind} session is for one client.")
    return out


def find_conflicts(draft: Draft) -> list[str]:
    tz = draft.program.tz
    overlapping = list(_overlapping(draft))
    return [
        *_room_conflicts(draft, overlapping, tz),
        *_staff_conflicts(draft, overlapping, tz),
        *_client_conflicts(draft, [s.pk for s in overlapping], tz),
    ]
