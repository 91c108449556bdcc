"""Weeks: they start Monday (DESIGN.md principle 7) in the program's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(value: str | None, tz: ZoneInfo) -> date:
    """The Monday of the week holding ``value`` (YYYY-MM-DD), else of today in ``tz``."""
    if value:
        try:
            return monday_of(date.fromisoformat(value[:10]))
        except ValueError:
            pass
    return monday_of(timezone.localdate(timezone=tz))


@dataclass(frozen=True)
class Week:
    start: date
    tz: ZoneInfo

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=self.tz)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.start + timedelta(days=7), time(0), tzinfo=self.tz)

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)

    def at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def label(self) -> str:
        if self.start.month == self.end.month:
            return f"{self.start:%B %-d}–{self.end:%-d, %Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%b %-d} – {self.end:%b %-d, %Y}"
        return f"{self.start:%b %-d, %Y} – {self.end:%b %-d, %Y}"


def week_of(program, value: str | None = None) -> Week:
    return Week(parse_week(value, program.tz), program.tz)


def local_iso(moment: datetime, tz: ZoneInfo) -> str:
    """Wall-clock time in the program's zone, ISO 8601 without offset (the contract's form)."""
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def from_local_iso(text: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)
