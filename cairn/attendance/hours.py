"""Hours arithmetic: local days and weeks, and weekly sums computed by the database.

DESIGN.md principle 7: times are stored in UTC; days and weeks are the program's (``program.tz``),
and weeks start on Monday. Minutes attended are stored per record, so a session that spans a
daylight-saving change counts its real length (``ends_at - starts_at``), not its wall-clock one.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import DurationField, F, Q, QuerySet, Sum

from cairn.attendance.models import AttendanceRecord
from cairn.scheduling.models import Session, SessionParticipant


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[local midnight, next local midnight) of ``day`` — 23 or 25 hours on DST days."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def week_bounds(monday: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return day_bounds(monday, zone)[0], day_bounds(monday + timedelta(days=6), zone)[1]


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=zone)


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 2)


def duration_minutes(value: timedelta | None) -> int:
    return int(value.total_seconds() // 60) if value else 0


def _in_week(monday: date, zone: ZoneInfo, path: str = "session__starts_at") -> Q:
    start, end = week_bounds(monday, zone)
    return Q(**{f"{path}__gte": start, f"{path}__lt": end})


def _window(mondays: list[date], zone: ZoneInfo) -> Q:
    start, end = week_bounds(mondays[0], zone)[0], week_bounds(mondays[-1], zone)[1]
    return Q(session__starts_at__gte=start, session__starts_at__lt=end)


def attended_by_week(
    records: QuerySet[AttendanceRecord], zone: ZoneInfo, mondays: list[date]
) -> dict:
    """{(client_id, monday): minutes attended} for the weeks of ``mondays``.

    One query, one row per client, one conditional sum per week. Each week's bounds are
    computed here in the program's zone (a daylight-saving week lasts 167 or 169 hours), so
    the database only compares instants — no per-row time-zone conversion."""
    sums = {f"w{i}": Sum("minutes", filter=_in_week(m, zone)) for i, m in enumerate(mondays)}
    rows = records.filter(_window(mondays, zone)).values("client_id").annotate(**sums).order_by()
    return {
        (row["client_id"], monday): row[f"w{i}"]
        for row in rows
        for i, monday in enumerate(mondays)
        if row[f"w{i}"] is not None
    }


def scheduled_participants(participants: QuerySet[SessionParticipant]) -> QuerySet:
    """Bookings that count as scheduled: not cancelled, not a drop-in, session not cancelled."""
    return participants.filter(cancelled=False, drop_in=False).exclude(
        session__status=Session.Status.CANCELLED
    )


def scheduled_by_week(
    participants: QuerySet[SessionParticipant],
    zone: ZoneInfo,
    mondays: list[date],
    *,
    after: datetime,
) -> dict:
    """{(client_id, monday): (minutes scheduled, minutes still to come after ``after``)} for
    the weeks of ``mondays``, over ``scheduled_participants`` — one query, as above.

    A week that ended by ``after`` has nothing still to come, so only the weeks ending later
    get a "still to come" sum (on the board, just the week in progress: half the sums)."""
    length = F("session__ends_at") - F("session__starts_at")
    later = Q(session__starts_at__gt=after)
    sums = {}
    for i, monday in enumerate(mondays):
        start, end = week_bounds(monday, zone)
        week = Q(session__starts_at__gte=start, session__starts_at__lt=end)
        sums[f"t{i}"] = Sum(length, filter=week, output_field=DurationField())
        if end > after:
            sums[f"r{i}"] = Sum(length, filter=week & later, output_field=DurationField())
    rows = (
        scheduled_participants(participants)
        .filter(_window(mondays, zone))
        .values("client_id")
        .annotate(**sums)
        .order_by()
    )
    return {
        (row["client_id"], monday): (
            duration_minutes(row[f"t{i}"]),
            duration_minutes(row.get(f"r{i}")),
        )
        for row in rows
        for i, monday in enumerate(mondays)
        if row[f"t{i}"] is not None
    }
