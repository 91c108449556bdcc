"""What the measured pages need beyond the demo, and how each page finds its object.

Everything is looked up by query, so a reused bench database needs nothing remembered.
"""

from datetime import timedelta

from django.utils import timezone

#: The group attendance page is measured on a group of this many members (issue 14).
GROUP_MEMBERS = 15


def prepare(ctx) -> None:
    """Top up the latest held group session to GROUP_MEMBERS active clients."""
    from cairn.scheduling.models import SessionParticipant

    session = group_session()
    if session is None:
        ctx.say("Bench: no held group session to measure")
        return
    booked = set(session.participants.values_list("client_id", flat=True))
    same_track = sorted(ctx.data["episodes"], key=lambda e: e.track_id != session.track_id)
    extra = [e.client_id for e in same_track if e.status == "active" and e.client_id not in booked]
    extra = extra[: max(0, GROUP_MEMBERS - len(booked))]
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=session, client_id=client_id) for client_id in extra
    )
    ctx.say(f"Bench: group session {session.pk} has {len(booked) + len(extra)} members")


def group_session():
    """The most recent held group session of the last week."""
    from cairn.scheduling.models import Session

    now = timezone.now()
    return (
        Session.objects.filter(
            kind="group",
            status=Session.Status.HELD,
            starts_at__gte=now - timedelta(days=7),
            starts_at__lt=now,
        )
        .order_by("-starts_at", "-pk")
        .first()
    )


def staff(username: str):
    from cairn.accounts.models import User

    return User.objects.get(username=username)


def chart_client(user):
    """An active client on the user's caseload, admitted longest ago (the fullest chart)."""
    from cairn.clients.models import Episode

    episode = (
        Episode.objects.filter(status="active", primary_clinician=user)
        .order_by("admitted_on", "pk")
        .first()
    )
    return episode.client_id if episode else None


def counts() -> dict:
    """Row counts of the seeded history, for the results file."""
    from django.apps import apps

    wanted = [
        ("clients", "Client"),
        ("clients", "Episode"),
        ("scheduling", "Session"),
        ("scheduling", "SessionParticipant"),
        ("attendance", "AttendanceRecord"),
        ("notes", "Note"),
        ("notes", "GroupNote"),
        ("assessments", "Administration"),
        ("portal", "CheckIn"),
    ]
    out = {}
    for app, model in wanted:
        try:
            out[f"{app}.{model}"] = apps.get_model(app, model).objects.count()
        except LookupError:
            out[f"{app}.{model}"] = "skipped: not available"
    return out
