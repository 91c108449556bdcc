"""Week calendars. These refine session querysets the door already scoped
(``access.sessions_for``) — by program, week, clinician, room, track or client."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cairn.scheduling.models import Session
from cairn.scheduling.weeks import Week


def in_week(sessions: QuerySet, program, week: Week) -> QuerySet:
    return (
        sessions.filter(program=program, starts_at__gte=week.starts_at, starts_at__lt=week.ends_at)
        .select_related("group_type", "room", "facilitator", "track")
        .annotate(booked=Count("participants", filter=Q(participants__cancelled=False)))
        .order_by("starts_at", "pk")
    )


def by_day(sessions, week: Week) -> list[dict]:
    """The week's seven days, each with its sessions in time order."""
    days = defaultdict(list)
    for session in sessions:
        days[timezone.localtime(session.starts_at, week.tz).date()].append(session)
    today = timezone.localdate(timezone=week.tz)
    return [{"date": day, "sessions": days[day], "today": day == today} for day in week.days]


def summary(sessions) -> dict:
    """Counts for the week's header: sessions by kind, cancelled, pinned."""
    out = {"total": 0, "group": 0, "individual": 0, "family": 0, "cancelled": 0}
    for session in sessions:
        if session.status == Session.Status.CANCELLED:
            out["cancelled"] += 1
            continue
        out["total"] += 1
        out[session.kind] += 1
    return out


def roster(session: Session) -> list:
    """Who is booked in a session the door let the user see the roster of (SessionAction
    VIEW_ROSTER: its facilitator, their supervisor, the director)."""
    return list(
        session.participants.select_related("client").order_by(
            "cancelled", "client__last_name", "client__first_name"
        )
    )
