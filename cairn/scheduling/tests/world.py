"""A small scheduling world on top of the cast: a week in the future, rooms, the catalog, a
second clinician's profile, the cast's clients on the morning track with the clinician."""

from datetime import date, datetime, time, timedelta

from cairn.clients.models import Episode
from cairn.scheduling.configuration import load_catalog
from cairn.scheduling.models import GroupType, Room, StaffProfile
from cairn.scheduling.weeks import Week
from cairn.testing.factories import add_to_team, make_client, make_episode

MONDAY = date(2030, 1, 7)


def build_world(cast) -> dict:
    program = cast.program
    load_catalog(program)
    track = program.tracks.get()
    Episode.objects.filter(client__in=[cast.client, cast.other_client]).update(
        primary_clinician=cast.clinician
    )
    extra = []
    for i in range(3):
        client = make_client(program, first_name="Member", last_name=f"Extra{i}")
        make_episode(client, track=track, primary_clinician=cast.clinician)
        add_to_team(client, cast.clinician, role="primary")
        extra.append(client)
    group_room = Room.objects.create(program=program, name="Group A", kinds=["group"], capacity=5)
    office = Room.objects.create(
        program=program, name="Office 1", kinds=["individual", "family"], capacity=3
    )
    StaffProfile.objects.create(
        program=program, user=cast.clinician, qualifications=["group", "individual", "family"]
    )
    return {
        "track": track,
        "group_room": group_room,
        "office": office,
        "extra": extra,
        "process": GroupType.objects.get(program=program, code="process"),
        "week": Week(MONDAY, program.tz),
    }


def at(program, day_offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(
        MONDAY + timedelta(days=day_offset), time(hour, minute), tzinfo=program.tz
    )
