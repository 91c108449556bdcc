"""Make-up sessions (issue 5, point 6): when a client misses hours, offer open group seats later
that week at times they can come.

Attended hours are the minutes attendance recorded (``cairn.attendance.lookups``); an ended
session whose attendance isn't taken yet counts in full, so a late roll call never triggers
offers."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from cairn.attendance import lookups
from cairn.attendance.models import AttendanceRecord
from cairn.clients.models import Episode
from cairn.scheduling.availability import client_conflict
from cairn.scheduling.models import ClientUnavailability, KeepApart, Session, SessionParticipant
from cairn.scheduling.weeks import Week


def _booked(client_ids, week: Week):
    return SessionParticipant.objects.filter(
        client_id__in=client_ids,
        cancelled=False,
        session__starts_at__gte=week.starts_at,
        session__starts_at__lt=week.ends_at,
    ).exclude(session__status=Session.Status.CANCELLED)


def _hours(rows) -> dict[int, float]:
    out = defaultdict(float)
    for client_id, start, end in rows:
        out[client_id] += (end - start).total_seconds() / 3600
    return out


def attended_hours(client_ids, week: Week, now: datetime) -> dict[int, float]:
    """Hours each client attended in ``week`` up to ``now``: recorded minutes, plus ended
    sessions whose attendance isn't taken yet (counted in full)."""
    recorded = lookups.attended_hours(client_ids, week.starts_at, now)
    untaken = (
        _booked(client_ids, week)
        .filter(session__ends_at__lte=now)
        .exclude(
            Exists(
                AttendanceRecord.objects.filter(
                    session_id=OuterRef("session_id"), client_id=OuterRef("client_id")
                )
            )
        )
    )
    hours = _hours(untaken.values_list("client_id", "session__starts_at", "session__ends_at"))
    for client_id, value in recorded.items():
        hours[client_id] += value
    return hours


def upcoming_hours(client_ids, week: Week, now: datetime) -> dict[int, float]:
    rows = _booked(client_ids, week).filter(session__ends_at__gt=now)
    return _hours(rows.values_list("client_id", "session__starts_at", "session__ends_at"))


def shortfalls(program, week: Week, now: datetime | None = None, client_ids=None) -> dict:
    """Clients (id → hours short) whose attended plus still-booked hours fall below their weekly
    minimum (ASAM level 2.1: adults 9, adolescents 6, from the episode)."""
    now = now or timezone.now()
    episodes = Episode.objects.filter(program=program, status=Episode.Status.ACTIVE)
    if client_ids is not None:
        episodes = episodes.filter(client_id__in=client_ids)
    minimum = dict(episodes.values_list("client_id", "weekly_min_hours"))
    attended = attended_hours(minimum, week, now)
    upcoming = upcoming_hours(minimum, week, now)
    out = {}
    for client_id, needed in minimum.items():
        short = float(needed) - attended.get(client_id, 0) - upcoming.get(client_id, 0)
        if short > 1e-9:
            out[client_id] = round(short, 2)
    return out


def offers(client, week: Week, now: datetime | None = None, limit: int = 8) -> list[Session]:
    """Open seats in group sessions later this week that fit the client: a seat free (size and
    room), the client free then and not unavailable, no keep-apart partner in the group."""
    now = now or timezone.now()
    mine = list(_booked([client.pk], week).values_list("session__starts_at", "session__ends_at"))
    partners = set()
    for a, b in KeepApart.objects.filter(
        Q(client_a=client) | Q(client_b=client), ended_at__isnull=True
    ).values_list("client_a_id", "client_b_id"):
        partners.add(b if a == client.pk else a)
    rows = list(ClientUnavailability.objects.filter(client=client))
    candidates = (
        Session.objects.filter(
            program_id=client.program_id,
            kind="group",
            status=Session.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lt=week.ends_at,
        )
        .exclude(participants__client=client, participants__cancelled=False)
        .annotate(booked=Count("participants", filter=Q(participants__cancelled=False)))
        .filter(booked__lt=F("group_type__max_size"))
        .select_related("group_type", "room", "facilitator")
        .order_by("starts_at")
    )
    tz, found = week.tz, []
    for session in candidates[:200]:
        if session.room_id and session.booked >= session.room.capacity:
            continue
        if any(s < session.ends_at and session.starts_at < e for s, e in mine):
            continue
        start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
        if client_conflict(rows, start, end):
            continue
        if (
            partners
            and session.participants.filter(client_id__in=partners, cancelled=False).exists()
        ):
            continue
        found.append(session)
        if len(found) >= limit:
            break
    return found
