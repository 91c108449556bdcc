"""What an absence sets in motion: same-day outreach and attendance-pattern alerts.

- An unexcused absence raises an outreach task for the client's primary clinician (the
  episode's, else the care team's primary member, else the session's facilitator), due by the
  end of the day it is recorded. Raised once per attendance record; a correction that removes
  the absence closes the task.
- ``AttendanceSettings.absence_streak`` unexcused absences in a row (default 2), or attendance
  under ``low_attendance_percent`` of scheduled session time over ``low_attendance_days``
  (default 70% over 14 days), raise an alert on the chart; it stays until a clinician records
  the response.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse

from cairn.attendance.hours import end_of_day, local_day
from cairn.attendance.models import AttendanceRecord, AttendanceSettings, AttendanceStatus
from cairn.attendance.rules import settings_for
from cairn.clients.models import CareTeamMember, Client, Episode
from cairn.scheduling.models import Session
from cairn.worklist.models import Alert, Task
from cairn.worklist.operations import complete_task, raise_alert, raise_task

OUTREACH_KIND = "outreach"
ALERT_KIND = "attendance"
STREAK_SOURCE = "attendance.streak:"
RATE_SOURCE = "attendance.rate:"
_STREAK_LOOKBACK = timedelta(days=120)


def outreach_source(record: AttendanceRecord) -> str:
    return f"attendance.record:{record.pk}"


def after_recording(session: Session, *, created, corrected, by, now: datetime) -> list[Alert]:
    """Outreach for new unexcused absences, closing outreach that no longer applies, and the
    pattern alerts for every client whose attendance changed. ``corrected`` holds
    (record, previous status) pairs. Runs inside the recording transaction."""
    unexcused = AttendanceStatus.ABSENT_UNEXCUSED
    missed = [r for r in created if r.status == unexcused]
    missed += [r for r, before in corrected if r.status == unexcused and before != unexcused]
    if missed:
        raise_outreach(session, missed, now=now)
    for record, before in corrected:
        if before == unexcused and record.status != unexcused:
            _close_outreach(record, by=by)
    client_ids = {r.client_id for r in created} | {r.client_id for r, _ in corrected}
    return review_patterns(session.program, client_ids, now=now)


def raise_outreach(session: Session, records: list[AttendanceRecord], *, now: datetime) -> None:
    episodes = Episode.objects.select_related("primary_clinician").in_bulk(
        [r.episode_id for r in records if r.episode_id]
    )
    clients = Client.objects.in_bulk([r.client_id for r in records])
    primaries = {
        member.client_id: member.user
        for member in CareTeamMember.objects.filter(
            client_id__in=clients, role=CareTeamMember.TeamRole.PRIMARY, active=True
        ).select_related("user")
    }
    zone = session.program.tz
    day = local_day(session.starts_at, zone)
    for record in records:
        episode = episodes.get(record.episode_id)
        owner = (
            (episode and episode.primary_clinician)
            or primaries.get(record.client_id)
            or session.facilitator
        )
        client = clients[record.client_id]
        raise_task(
            program_id=session.program_id,
            owner=owner,
            kind=OUTREACH_KIND,
            title=f"Reach out to {client.display_name}: missed {session.label} on {day:%b %-d}",
            detail=f"Unexcused absence from {session.label} on {day:%A %B %-d}. Reach out today.",
            due_at=end_of_day(local_day(now, zone), zone),
            client=client,
            source=outreach_source(record),
            url=reverse("attendance:chart", kwargs={"client_id": client.pk}),
        )


def _close_outreach(record: AttendanceRecord, *, by) -> None:
    open_tasks = Task.objects.filter(
        kind=OUTREACH_KIND, source=outreach_source(record), status=Task.Status.OPEN
    )
    for task in open_tasks:
        complete_task(
            task, by=by, resolution="Attendance corrected: no longer an unexcused absence."
        )


@dataclass(frozen=True)
class _Row:
    pk: int
    status: str
    minutes: int
    length: int
    starts_at: datetime


def review_patterns(
    program, client_ids, *, now: datetime, config: AttendanceSettings | None = None
) -> list[Alert]:
    """Raise the streak and low-attendance alerts that hold for ``client_ids`` as of ``now``.
    Idempotent: the same streak or an already open low-attendance alert raises nothing new."""
    client_ids = set(client_ids)
    if not client_ids:
        return []
    config = config or settings_for(program)
    window_start = now - timedelta(days=config.low_attendance_days)
    by_client: dict[int, list[_Row]] = {cid: [] for cid in client_ids}
    rows = (
        AttendanceRecord.objects.filter(
            client_id__in=client_ids,
            session__program=program,
            session__starts_at__gte=min(window_start, now - _STREAK_LOOKBACK),
            session__starts_at__lte=now,
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .values_list(
            "pk", "client_id", "status", "minutes", "session__starts_at", "session__ends_at"
        )
        .order_by("client_id", "session__starts_at", "pk")
    )
    for pk, client_id, status, minutes, starts_at, ends_at in rows:
        length = int((ends_at - starts_at).total_seconds() // 60)
        by_client[client_id].append(_Row(pk, status, minutes, length, starts_at))
    open_rate = set(
        Alert.objects.filter(
            client_id__in=client_ids,
            kind=ALERT_KIND,
            source__startswith=RATE_SOURCE,
            resolved_at__isnull=True,
        ).values_list("client_id", flat=True)
    )
    wanted: list[tuple[int, str, str]] = []
    for client_id, history in by_client.items():
        streak = _trailing_unexcused(history)
        if len(streak) >= config.absence_streak:
            latest = local_day(streak[-1].starts_at, program.tz)
            message = (
                f"{len(streak)} unexcused absences in a row (latest on {latest:%b %-d}). "
                "Reach out and review the plan."
            )
            wanted.append((client_id, f"{STREAK_SOURCE}{streak[0].pk}", message))
        share = _attended_share(history, window_start, config.low_attendance_min_sessions)
        low = share is not None and share * 100 < config.low_attendance_percent
        if low and client_id not in open_rate:
            message = (
                f"Attended {share:.0%} of scheduled session time over the last "
                f"{config.low_attendance_days} days (alert below "
                f"{config.low_attendance_percent}%)."
            )
            today = local_day(now, program.tz)
            wanted.append((client_id, f"{RATE_SOURCE}{client_id}:{today.isoformat()}", message))
    if not wanted:
        return []
    clients = Client.objects.in_bulk({cid for cid, _, _ in wanted})
    return [
        raise_alert(client=clients[cid], kind=ALERT_KIND, message=message, source=source)
        for cid, source, message in wanted
    ]


def _trailing_unexcused(history: list[_Row]) -> list[_Row]:
    run: list[_Row] = []
    for row in reversed(history):
        if row.status != AttendanceStatus.ABSENT_UNEXCUSED:
            break
        run.insert(0, row)
    return run


def _attended_share(history: list[_Row], since: datetime, min_sessions: int) -> float | None:
    window = [row for row in history if row.starts_at >= since]
    scheduled = sum(row.length for row in window)
    if len(window) < min_sessions or not scheduled:
        return None
    return sum(row.minutes for row in window) / scheduled
