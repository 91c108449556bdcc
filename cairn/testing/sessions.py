"""Factories for scheduling objects shared by the attendance, notes and scheduling tests."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cairn.scheduling.models import GroupType, Room, Session, SessionParticipant


def make_group_type(program, **overrides) -> GroupType:
    values = {"program": program, "code": "process", "name": "Process group"}
    values.update(overrides)
    return GroupType.objects.get_or_create(
        program=values.pop("program"), code=values.pop("code"), defaults=values
    )[0]


def make_room(program, **overrides) -> Room:
    values = {"program": program, "name": "Group room A", "kinds": ["group"], "capacity": 15}
    values.update(overrides)
    return Room.objects.get_or_create(
        program=values.pop("program"), name=values.pop("name"), defaults=values
    )[0]


def make_session(program, facilitator, *, clients=(), day=None, start=time(9), hours=3, **kw):
    """A group session (by default) today in the program's time zone, with ``clients`` booked."""
    zone = program.tz
    day = day or timezone.localdate(timezone=zone)
    starts_at = datetime.combine(day, start, tzinfo=zone)
    values = {
        "program": program,
        "kind": "group",
        "facilitator": facilitator,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
    }
    values.update(kw)
    if values["kind"] == "group" and "group_type" not in values:
        values["group_type"] = make_group_type(program)
    session = Session.objects.create(**values)
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=session, client=client) for client in clients
    )
    return session
