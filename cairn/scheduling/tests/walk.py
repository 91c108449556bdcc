"""URL-walk registry (cairn/testing/urlwalk.py): ids of scheduling objects in another program."""

from datetime import date, time, timedelta

from django.utils import timezone

from cairn.scheduling.models import (
    CalendarFeed,
    ClientUnavailability,
    KeepApart,
    RoomClosure,
    SchedulePlan,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
    hash_token,
)
from cairn.testing.factories import make_client, make_track
from cairn.testing.sessions import make_group_type, make_room, make_session


def _profile(cast):
    return StaffProfile.objects.get_or_create(program=cast.other_program, user=cast.outsider)[0]


def _closure(cast):
    room = make_room(cast.other_program)
    now = timezone.now()
    return RoomClosure.objects.create(room=room, starts_at=now, ends_at=now + timedelta(hours=2)).pk


def _pair(cast):
    other = make_client(cast.other_program)
    a, b = sorted([cast.foreign_client, other], key=lambda c: c.pk)
    return KeepApart.objects.create(
        program=cast.other_program, client_a=a, client_b=b, reason="other", created_by=cast.outsider
    ).pk


def _revoked_token(cast):
    """A feed of the other program, revoked: the public feed URL must answer 404."""
    CalendarFeed.objects.create(
        program=cast.other_program,
        user=cast.outsider,
        token_hash=hash_token("walk-token"),
        created_by=cast.outsider,
        revoked_at=timezone.now(),
    )
    return "walk-token"


KWARG_OBJECTS = {
    "session_id": lambda cast: (
        make_session(cast.other_program, cast.outsider, clients=[cast.foreign_client]).pk
    ),
    "room_id": lambda cast: make_room(cast.other_program).pk,
    "track_id": lambda cast: make_track(cast.other_program).pk,
    "group_type_id": lambda cast: make_group_type(cast.other_program).pk,
    "closure_id": _closure,
    "availability_id": lambda cast: (
        StaffAvailability.objects.create(
            profile=_profile(cast), weekday=1, start_time=time(9), end_time=time(17)
        ).pk
    ),
    "time_off_id": lambda cast: (
        StaffTimeOff.objects.create(
            profile=_profile(cast), starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 5)
        ).pk
    ),
    "unavailability_id": lambda cast: (
        ClientUnavailability.objects.create(
            client=cast.foreign_client, kind="recurring", weekday=1
        ).pk
    ),
    "pair_id": _pair,
    "plan_id": lambda cast: (
        SchedulePlan.objects.create(
            program=cast.other_program, week_start=date(2027, 1, 4), created_by=cast.outsider
        ).pk
    ),
    "token": _revoked_token,
}

#: The feed is fetched by calendar apps with its token alone.
PUBLIC_URL_NAMES = {"scheduling:feed"}
