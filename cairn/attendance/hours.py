"""Hours arithmetic: local days and weeks, and weekly sums computed by the database.

DESIGN.md principle 7: times are stored in UTC; days and weeks are the program's (``program.tz``),
and weeks start on Monday. Minutes attended are stored per record, so a session that spans a
daylight-saving change counts its real length (``ends_at - starts_at``), not its wall-clock one.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import DateField, DurationField, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncWeek

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


def _session_week(zone: ZoneInfo, path: str = "session__starts_at"):
    return TruncWeek(path, tzinfo=zone, output_field=DateField())


def _session_day(zone: ZoneInfo, path: str = "session__starts_at"):
    return TruncDate(path, tzinfo=zone)


def attended_by_week(records: QuerySet[AttendanceRecord], zone: ZoneInfo) -> dict:
    """{(client_id, monday): minutes attended} — one grouped query."""
    rows = (
        records.annotate(week=_session_week(zone))
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
    participants: QuerySet[SessionParticipant], zone: ZoneInfo, *, after: datetime
) -> dict:
    """{(client_id, monday): (minutes scheduled, minutes still to come after ``after``)} —
    one grouped query over ``scheduled_participants``."""
    length = F("session__ends_at") - F("session__starts_at")
    rows = (
        scheduled_participants(participants)
        .annotate(week=_session_week(zone))
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
