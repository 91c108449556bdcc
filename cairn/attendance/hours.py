"""Hours arithmetic: local days and weeks, and weekly sums computed by the database.

DESIGN.md principle 7: times are stored in UTC; days and weeks are the program's (``program.tz``),
and weeks start on Monday. Minutes attended are stored per record, so a session that spans a
daylight-saving change counts its real length (``ends_at - starts_at``), not its wall-clock one.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Case, DateField, DurationField, F, Q, QuerySet, Sum, Value, When

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


def week_of(mondays: list[date], zone: ZoneInfo, path: str = "session__starts_at") -> Case:
    """The Monday of each row's week, for the given weeks (others: NULL).

    Plain comparisons against each week's bounds, computed here in the program's zone (so
    daylight-saving weeks of 167 or 169 hours are right) — no per-row time-zone conversion in
    the database, which keeps the grouped sums fast on SQLite too."""
    whens = []
    for monday in mondays:
        start, end = week_bounds(monday, zone)
        whens.append(When(**{f"{path}__gte": start, f"{path}__lt": end}, then=Value(monday)))
    return Case(*whens, default=None, output_field=DateField())


def attended_by_week(
    records: QuerySet[AttendanceRecord], zone: ZoneInfo, mondays: list[date]
) -> dict:
    """{(client_id, monday): minutes attended} for the weeks of ``mondays`` — one grouped
    query."""
    start, end = week_bounds(mondays[0], zone)[0], week_bounds(mondays[-1], zone)[1]
    rows = (
        records.filter(session__starts_at__gte=start, session__starts_at__lt=end)
        .annotate(week=week_of(mondays, zone))
        .values("client_id", "week")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    return {(row["client_id"], row["week"]): row["total"] or 0 for row in rows}


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
    the weeks of ``mondays`` — one grouped query over ``scheduled_participants``."""
    start, end = week_bounds(mondays[0], zone)[0], week_bounds(mondays[-1], zone)[1]
    length = F("session__ends_at") - F("session__starts_at")
    rows = (
        scheduled_participants(participants)
        .filter(session__starts_at__gte=start, session__starts_at__lt=end)
        .annotate(week=week_of(mondays, zone))
        .values("client_id", "week")
        .annotate(
            total=Sum(length, output_field=DurationField()),
            remaining=Sum(
                length, filter=Q(session__starts_at__gt=after), output_field=DurationField()
            ),
        )
        .order_by()
    )
    return {
        (row["client_id"], row["week"]): (
            duration_minutes(row["total"]),
            duration_minutes(row["remaining"]),
        )
        for row in rows
    }
