"""Private iCalendar feeds (issue 5, point 5): a staff member's own sessions, and a client's
for the portal. The token in the URL is the credential: only its hash is stored, it can be
revoked at once, and the feed carries times, places and session kinds — never a client's name,
a group's members or anything clinical."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from cairn.audit.log import record
from cairn.scheduling.models import CalendarFeed, Session, SessionParticipant, hash_token

#: How far back and ahead a feed reaches.
PAST, AHEAD = timedelta(days=14), timedelta(days=90)


def issue_feed(program, *, user=None, client=None, by, request=None) -> tuple[CalendarFeed, str]:
    """A new feed (revoking the owner's earlier ones); returns the feed and its secret token,
    which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        owner = {"user": user} if user is not None else {"client": client}
        CalendarFeed.objects.filter(program=program, revoked_at__isnull=True, **owner).update(
            revoked_at=timezone.now()
        )
        feed = CalendarFeed.objects.create(
            program=program, token_hash=hash_token(token), created_by=by, **owner
        )
        record(
            "calendar_feed.issue",
            request=request,
            actor=by,
            obj=feed,
            client_id=client.pk if client is not None else None,
            program_id=program.pk,
        )
    return feed, token


def revoke_feed(feed: CalendarFeed, *, by, request=None) -> None:
    with transaction.atomic():
        if feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
        record(
            "calendar_feed.revoke",
            request=request,
            actor=by,
            obj=feed,
            client_id=feed.client_id,
            program_id=feed.program_id,
        )


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("program", "user", "client")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )


def _sessions(feed: CalendarFeed):
    now = timezone.now()
    sessions = Session.objects.filter(
        program=feed.program, starts_at__gte=now - PAST, starts_at__lt=now + AHEAD
    ).select_related("room", "group_type")
    if feed.user_id:
        return sessions.filter(facilitator_id=feed.user_id)
    booked = SessionParticipant.objects.filter(client_id=feed.client_id, cancelled=False)
    return sessions.filter(pk__in=booked.values("session_id"))


def _summary(session: Session, *, for_staff: bool) -> str:
    if not for_staff:
        return "Appointment"
    if session.kind == "group" and session.group_type_id:
        return f"{session.group_type.name} (group)"
    return f"{session.get_kind_display()} session"


def render_feed(feed: CalendarFeed) -> bytes:
    """The feed as an iCalendar document. A staff feed names the kind of session; a client's
    says only "Appointment" (a phone's lock screen may show it)."""
    for_staff = feed.user_id is not None
    calendar = Calendar()
    calendar.add("prodid", "-//Cairn//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Cairn sessions" if for_staff else "Appointments")
    stamp = timezone.now()
    for session in _sessions(feed):
        event = Event()
        event.add("uid", f"session-{session.pk}@cairn")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("sequence", session.version)
        event.add("summary", _summary(session, for_staff=for_staff))
        if session.mode == Session.Mode.TELEHEALTH:
            event.add("location", "Telehealth")
        elif session.room_id:
            event.add("location", session.room.name)
        if session.status == Session.Status.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=stamp)
    return calendar.to_ical()


def staff_feeds(user, program):
    return CalendarFeed.objects.filter(user=user, program=program, revoked_at__isnull=True)
