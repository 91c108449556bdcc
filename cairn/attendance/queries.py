"""Queries behind the attendance pages. Each refines a queryset or object the door already
authorized (``access.session_for``, ``access.sessions_for``, ``access.scope``)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cairn.attendance import hours as h
from cairn.attendance.models import AttendanceCorrection, AttendanceRecord
from cairn.clients.census import search
from cairn.clients.models import Client, Episode
from cairn.scheduling.models import Session, SessionParticipant


@dataclass
class RosterRow:
    client: Client
    participant: SessionParticipant | None
    record: AttendanceRecord | None

    @property
    def drop_in(self) -> bool:
        return bool(self.participant and self.participant.drop_in)

    @property
    def off_roster(self) -> bool:
        """Recorded, but since taken off the roster."""
        return self.participant is None or self.participant.cancelled


def roster(session: Session) -> list[RosterRow]:
    """Everyone booked (not cancelled) and everyone with attendance recorded, by name."""
    participants = {
        p.client_id: p
        for p in SessionParticipant.objects.filter(session=session).select_related("client")
    }
    records = {
        r.client_id: r
        for r in AttendanceRecord.objects.filter(session=session)
        .select_related("client")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=AttendanceCorrection.objects.select_related("corrected_by").order_by(
                    "version"
                ),
            )
        )
    }
    rows = [
        RosterRow(client=p.client, participant=p, record=records.get(cid))
        for cid, p in participants.items()
        if not p.cancelled or cid in records
    ]
    rows += [
        RosterRow(client=r.client, participant=None, record=r)
        for cid, r in records.items()
        if cid not in participants
    ]
    return sorted(rows, key=lambda r: (r.client.last_name, r.client.first_name, r.client.pk))


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Attach ``roster_size`` (booked, not cancelled) and ``marked`` (attendance recorded)."""
    return sessions.select_related("group_type", "room", "facilitator").annotate(
        roster_size=Count("participants", filter=Q(participants__cancelled=False), distinct=True),
        marked=Count("attendance", distinct=True),
    )


def on_day(sessions: QuerySet[Session], program, day: date) -> QuerySet[Session]:
    start, end = h.day_bounds(day, program.tz)
    return (
        with_counts(sessions.filter(program=program, starts_at__gte=start, starts_at__lt=end))
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )


def still_to_take(
    sessions: QuerySet[Session], program, *, now: datetime | None = None, days: int = 7
) -> QuerySet[Session]:
    """Sessions of the last ``days`` days (before today) whose roster isn't fully marked."""
    now = now or timezone.now()
    today = h.local_day(now, program.tz)
    start = h.day_bounds(today - timedelta(days=days), program.tz)[0]
    end = h.day_bounds(today, program.tz)[0]
    return (
        with_counts(sessions.filter(program=program, starts_at__gte=start, starts_at__lt=end))
        .exclude(status=Session.Status.CANCELLED)
        .filter(roster_size__gt=F("marked"))
        .order_by("starts_at", "pk")
    )


def today_and_pending(
    sessions: QuerySet[Session], program, *, now: datetime | None = None, days: int = 7
) -> tuple[list[Session], list[Session]]:
    """``on_day`` for today and ``still_to_take`` together, from one query over the last
    ``days`` days and today (the home panel: one query instead of two)."""
    now = now or timezone.now()
    today = h.local_day(now, program.tz)
    start = h.day_bounds(today - timedelta(days=days), program.tz)[0]
    today_start, end = h.day_bounds(today, program.tz)
    found = list(
        with_counts(sessions.filter(program=program, starts_at__gte=start, starts_at__lt=end))
        .exclude(status=Session.Status.CANCELLED)
        .filter(Q(starts_at__gte=today_start) | Q(roster_size__gt=F("marked")))
        .order_by("starts_at", "pk")
    )
    on_today = [s for s in found if s.starts_at >= today_start]
    return on_today, [s for s in found if s.starts_at < today_start]


def _candidates(session: Session) -> QuerySet[Client]:
    """Active clients of the session's program with an active episode, not on the roster.
    Taking attendance for a session includes adding any such client as a drop-in."""
    booked = SessionParticipant.objects.filter(session=session, cancelled=False).values("client_id")
    active = Episode.objects.filter(client=OuterRef("pk"), status=Episode.Status.ACTIVE)
    return (
        Client.objects.filter(program_id=session.program_id, status=Client.Status.ACTIVE)
        .filter(Exists(active))
        .exclude(pk__in=booked)
    )


def drop_in_candidates(session: Session, text: str, limit: int = 10) -> list[Client]:
    text = text.strip()[:100]
    if len(text) < 2:
        return []
    return list(search(_candidates(session), text).order_by("last_name", "first_name")[:limit])


def drop_in_candidate(session: Session, client_id) -> Client | None:
    try:
        return _candidates(session).filter(pk=int(client_id)).first()
    except (TypeError, ValueError):
        return None
