"""Small helpers the providers share: dates and times in the program's zone, references."""

from django.utils import timezone


def ref(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def day(value) -> str:
    return f"{value:%b %-d, %Y}" if value else "—"


def iso(value) -> str | None:
    return value.isoformat() if value else None


def local(value, tz):
    return timezone.localtime(value, tz)


def clock(value, tz) -> str:
    return f"{local(value, tz):%H:%M}"


def within(queryset, field: str, period, tz):
    """Rows whose datetime ``field`` falls on a day of ``period`` in the zone ``tz``."""
    from datetime import datetime, time, timedelta

    if period.start:
        start = datetime.combine(period.start, time.min, tzinfo=tz)
        queryset = queryset.filter(**{f"{field}__gte": start})
    if period.end:
        end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def on_days(queryset, field: str, period):
    """Rows whose date ``field`` falls within ``period``."""
    if period.start:
        queryset = queryset.filter(**{f"{field}__gte": period.start})
    if period.end:
        queryset = queryset.filter(**{f"{field}__lte": period.end})
    return queryset
