"""What other apps read from attendance (plain functions, no views).

- ``attended_hours``: for scheduling's make-up offers (``scheduling/makeup.py`` counts a booked
  session that ended as attended in full until it reads this).
- ``present_client_ids``: for notes' group note (who to document as present).
- Daily IOP qualification for billing: ``cairn.attendance.qualification.client_days``.
"""

from datetime import datetime

from django.db.models import Sum

from cairn.attendance.models import ATTENDED, AttendanceRecord


def attended_hours(client_ids, start: datetime, end: datetime) -> dict[int, float]:
    """Hours each client attended in sessions starting in [start, end), from the attendance
    taken (a session whose attendance isn't taken yet counts nothing). One query."""
    rows = (
        AttendanceRecord.objects.filter(
            client_id__in=list(client_ids),
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .values("client_id")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    return {row["client_id"]: round((row["total"] or 0) / 60, 2) for row in rows}


def present_client_ids(session) -> set[int]:
    """Clients recorded present, late or left early at ``session`` (a session or its id)."""
    session_id = getattr(session, "pk", session)
    return set(
        AttendanceRecord.objects.filter(
            session_id=session_id, status__in=sorted(s.value for s in ATTENDED)
        ).values_list("client_id", flat=True)
    )


def recorded_client_ids(session) -> set[int]:
    """Clients whose attendance at ``session`` has been taken, whatever the status."""
    session_id = getattr(session, "pk", session)
    return set(
        AttendanceRecord.objects.filter(session_id=session_id).values_list("client_id", flat=True)
    )
