"""Daily IOP qualification — the one place it is computed (billing reads it from here).

DOMAIN.md, H0015: alcohol and/or drug intensive outpatient services are billed per day, for a
program of at least 3 hours a day. A client-day qualifies when the minutes the client attended
of the program's sessions that day (in the program's time zone) reach the program's setting
``AttendanceSettings.iop_day_minutes`` (default 180).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate

from cairn.attendance.hours import hours
from cairn.attendance.models import ATTENDED, AttendanceRecord
from cairn.attendance.rules import settings_for


@dataclass(frozen=True)
class ClientDay:
    client_id: int
    day: date
    minutes: int
    qualifies: bool

    @property
    def hours(self) -> float:
        return hours(self.minutes)


def client_days(records: QuerySet[AttendanceRecord], program, *, start=None, end=None, config=None):
    """Per client and local day: minutes attended and whether the day is an IOP day.

    ``records`` is any queryset of attendance (already scoped by the caller); ``start`` and
    ``end`` (dates, inclusive) narrow it. One grouped query; returns a values queryset of
    ``client_id``, ``day``, ``minutes``, ``qualifies``, ordered by client and day. ``config``
    is the program's ``AttendanceSettings`` when the caller already has it.
    """
    threshold = (config or settings_for(program)).iop_day_minutes
    day = TruncDate("session__starts_at", tzinfo=program.tz)
    rows = records.filter(session__program=program, status__in=[s.value for s in ATTENDED])
    rows = rows.annotate(day=day)
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lte=end)
    return (
        rows.values("client_id", "day")
        .annotate(minutes=Sum("minutes"))
        .annotate(
            qualifies=Case(
                When(Q(minutes__gte=threshold), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("client_id", "day")
    )


def client_day_list(records, program, **bounds) -> list[ClientDay]:
    return [ClientDay(**row) for row in client_days(records, program, **bounds)]
