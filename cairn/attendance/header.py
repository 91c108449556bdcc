"""The chart header's "Hours this week" (``core.registry.add_header_fact``): hours attended so
far in the current program week (Monday to Sunday, the program's zone) against the episode's
weekly minimum. One query; nothing outside an active episode."""

from decimal import Decimal

from django.utils import timezone

from cairn.attendance import hours as h
from cairn.attendance.models import AttendanceRecord


def _number(value) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.1')):f}".removesuffix(".0")


def hours_this_week(request, client, episode):
    if episode is None:
        return None
    zone = client.program.tz
    monday = h.week_start(h.local_day(timezone.now(), zone))
    attended = h.attended_by_week(
        AttendanceRecord.objects.filter(client=client, episode=episode), zone, [monday]
    )
    minutes = attended.get((client.pk, monday), 0)
    return (
        "Hours this week",
        f"{_number(minutes / 60)} of {_number(episode.weekly_min_hours)} minimum",
    )
