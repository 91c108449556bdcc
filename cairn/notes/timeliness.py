"""Note timeliness (issue 7.4): each clinician's drafts, overdue notes and sessions still
needing a note; a supervisor's co-sign queue; the program director's report by clinician.

These are queries for pages, so they reach client data only through the door
(``access.scope`` for notes, ``access.sessions_for`` for sessions)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.models import User
from cairn.accounts.policy import Action, SessionAction
from cairn.notes import configuration
from cairn.notes.models import GroupNote, Note, Status
from cairn.scheduling.models import Session, SessionParticipant

#: How far back "sessions needing a note" looks.
LOOKBACK_DAYS = 30
#: Session kind → the note type that documents it.
NOTE_TYPE_OF_SESSION = {"group": "group", "individual": "individual", "family": "family"}


def my_draft_notes(user, limit=50):
    return list(
        access.scope(Note.objects.filter(author=user, status=Status.DRAFT), user, Action.VIEW_CHART)
        .select_related("client")
        .order_by("due_at")[:limit]
    )


def my_draft_group_notes(user, limit=50):
    sessions = access.sessions_for(user, SessionAction.DOCUMENT)
    return list(
        GroupNote.objects.filter(author=user, status=Status.DRAFT, session__in=sessions)
        .select_related("session", "session__group_type")
        .order_by("due_at")[:limit]
    )


def undocumented_sessions(sessions, now: datetime):
    """Sessions that ended, were not cancelled, had someone booked and have no note yet."""
    booked = SessionParticipant.objects.filter(session=OuterRef("pk"), cancelled=False)
    return (
        sessions.filter(ends_at__lt=now)
        .exclude(status=Session.Status.CANCELLED)
        .filter(Exists(booked))
        .exclude(Exists(GroupNote.objects.filter(session=OuterRef("pk"))))
        .exclude(Exists(Note.objects.filter(session=OuterRef("pk"))))
    )


@dataclass
class SessionDue:
    session: Session
    due_at: datetime

    def is_overdue(self, now=None) -> bool:
        return (now or timezone.now()) > self.due_at


def sessions_needing_note(
    user, now: datetime | None = None, limit=50, rosters: int | None = None
) -> list[SessionDue]:
    """Up to ``limit`` sessions needing a note, oldest first, each with its bookings as
    ``session.booked`` — when ``rosters`` is given, only for those of the first ``rosters``
    sessions that are not groups (the home panel shows 8 of 50 and links a group's note, not
    its members: loading every roster and its clients was most of its time)."""
    now = now or timezone.now()
    sessions = access.sessions_for(user, SessionAction.DOCUMENT).filter(
        ends_at__gte=now - timedelta(days=LOOKBACK_DAYS)
    )
    booked = SessionParticipant.objects.filter(cancelled=False).select_related("client")
    found = list(
        undocumented_sessions(sessions, now)
        .select_related("group_type")
        .order_by("starts_at")[:limit]
    )
    prefetch_related_objects(
        found if rosters is None else [s for s in found[:rosters] if s.kind != "group"],
        Prefetch("participants", queryset=booked, to_attr="booked"),
    )
    hours = configuration.due_hours_by_type({s.program_id for s in found})
    return [
        SessionDue(s, s.ends_at + timedelta(hours=hours[(s.program_id, _type_of(s))]))
        for s in found
    ]


def _type_of(session) -> str:
    return NOTE_TYPE_OF_SESSION.get(session.kind, "individual")


def cosign_queue(user, limit=100) -> tuple[list[Note], list[GroupNote]]:
    """Signed notes of ``user``'s supervisees waiting for ``user``'s co-signature."""
    waiting = Q(cosigner=user, status=Status.SIGNED, cosign_required=True, cosigned_at__isnull=True)
    notes = (
        access.scope(Note.objects.filter(waiting, group_note__isnull=True), user, Action.VIEW_CHART)
        .select_related("client", "author")
        .order_by("signed_at")[:limit]
    )
    sessions = access.sessions_for(user, SessionAction.REVIEW_NOTES)
    groups = (
        GroupNote.objects.filter(waiting, session__in=sessions)
        .select_related("author", "session", "session__group_type")
        .annotate(members=Count("notes"))
        .order_by("signed_at")[:limit]
    )
    return list(notes), list(groups)


# The director's report ----------------------------------------------------------------------


@dataclass
class ClinicianTimeliness:
    clinician: User
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    missing: int = 0

    @property
    def due(self) -> int:
        """Documents whose due time has passed: signed, or still open and overdue."""
        return self.on_time + self.late + self.overdue + self.missing

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def _counts(queryset, now):
    return (
        queryset.values("author_id")
        .annotate(
            on_time=Count("pk", filter=Q(status=Status.SIGNED, signed_at__lte=F("due_at"))),
            late=Count("pk", filter=Q(status=Status.SIGNED, signed_at__gt=F("due_at"))),
            overdue=Count("pk", filter=Q(status=Status.DRAFT, due_at__lt=now)),
            pending=Count("pk", filter=Q(status=Status.DRAFT, due_at__gte=now)),
        )
        .order_by()
    )


def report(user, program, since: date, until: date, now=None) -> list[ClinicianTimeliness]:
    """Per clinician, for services in [since, until]: documents signed on time, signed late,
    overdue drafts, drafts not yet due, and sessions with no note past their due time.
    A group note counts once (not once per member). Four queries, whatever the volume."""
    now = now or timezone.now()
    in_period = {"program": program, "service_date__gte": since, "service_date__lte": until}
    notes = access.scope(
        Note.objects.filter(group_note__isnull=True, **in_period), user, Action.VIEW_CHART
    )
    rows: dict[int, dict] = {}
    for source in (_counts(notes, now), _counts(GroupNote.objects.filter(**in_period), now)):
        for row in source:
            totals = rows.setdefault(row["author_id"], {})
            for key in ("on_time", "late", "overdue", "pending"):
                totals[key] = totals.get(key, 0) + row[key]
    sessions = access.sessions_for(user, SessionAction.VIEW).filter(
        program=program,
        starts_at__date__gte=since,
        starts_at__date__lte=until + timedelta(days=1),
    )
    hours = configuration.due_hours_by_type([program.pk])
    for facilitator_id, kind, ends_at, starts_at in undocumented_sessions(
        sessions, now
    ).values_list("facilitator_id", "kind", "ends_at", "starts_at"):
        local_day = timezone.localdate(starts_at, timezone=program.tz)
        if not since <= local_day <= until:
            continue
        due = ends_at + timedelta(hours=hours[(program.pk, NOTE_TYPE_OF_SESSION.get(kind, kind))])
        totals = rows.setdefault(facilitator_id, {})
        key = "missing" if due < now else "pending"
        totals[key] = totals.get(key, 0) + 1
    users = User.objects.in_bulk(list(rows))
    result = [ClinicianTimeliness(users[pk], **values) for pk, values in rows.items()]
    return sorted(result, key=lambda r: (r.on_time_percent is None, r.on_time_percent or 0))
