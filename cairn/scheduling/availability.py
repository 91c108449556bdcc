"""Who and what is free when: one set of rules for the weekly plan (instance building) and for
checking sessions added or moved by hand (conflicts.py). Times are compared on the program's
wall clock; a session belongs to the day it starts on."""

from collections.abc import Iterable
from datetime import datetime, time

from cairn.core.models import Weekday
from cairn.scheduling.models import (
    ClientUnavailability,
    RoomClosure,
    StaffAvailability,
    StaffTimeOff,
)

_DAY_START, _DAY_END = time(0), time(23, 59, 59)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _clock(start: datetime, end: datetime) -> tuple[time, time]:
    """Start and end clock times on the start's day (a session past midnight runs to 24:00)."""
    end_clock = end.time() if end.date() == start.date() else _DAY_END
    return start.time(), end_clock


def client_conflict(rows: Iterable[ClientUnavailability], start: datetime, end: datetime):
    """The first unavailability row overlapping [start, end) (local times), or None."""
    day = start.date()
    begin, finish = _clock(start, end)
    for row in rows:
        if row.kind == ClientUnavailability.Kind.RECURRING:
            if row.weekday != day.isoweekday():
                continue
            if row.starts_on and day < row.starts_on:
                continue
            if row.ends_on and day > row.ends_on:
                continue
        elif not (row.starts_on <= day <= (row.ends_on or row.starts_on)):
            continue
        if row.whole_day or _overlaps(begin, finish, row.start_time, row.end_time):
            return row
    return None


def staff_conflict(
    hours: list[StaffAvailability], time_off: Iterable[StaffTimeOff], start, end
) -> str | None:
    """Why a staff member cannot work [start, end) (local times), or None when they can.

    No recurring hours at all means available whenever the program runs."""
    day = start.date()
    begin, finish = _clock(start, end)
    for off in time_off:
        if not (off.starts_on <= day <= off.ends_on):
            continue
        if off.start_time is None or _overlaps(begin, finish, off.start_time, off.end_time):
            why = f" ({off.reason})" if off.reason else ""
            return f"is off on {day:%a %b %-d}{why}"
    if not hours:
        return None
    for window in hours:
        on_day = window.weekday == day.isoweekday()
        if on_day and window.start_time <= begin and finish <= window.end_time:
            return None
    weekday = Weekday(day.isoweekday()).label
    return f"does not work {weekday}s {begin:%H:%M}–{finish:%H:%M}"


def room_conflict(closures: Iterable[RoomClosure], start: datetime, end: datetime):
    """The first closure overlapping [start, end) (aware datetimes), or None."""
    for closure in closures:
        if _overlaps(start, end, closure.starts_at, closure.ends_at):
            return closure
    return None
