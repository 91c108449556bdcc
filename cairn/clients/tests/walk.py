"""URL-walk registry (cairn/testing/urlwalk.py): ids of client records in another program."""

from cairn.clients.models import CareTeamMember, Coverage, Episode
from cairn.testing.factories import make_contact, make_coverage, make_diagnosis, make_task


def _coverage(cast):
    existing = Coverage.objects.filter(client=cast.foreign_client).first()
    return (existing or make_coverage(cast.foreign_client)).pk


KWARG_OBJECTS = {
    "contact_id": lambda cast: make_contact(cast.foreign_client).pk,
    "coverage_id": _coverage,
    "diagnosis_id": lambda cast: make_diagnosis(cast.foreign_client, recorded_by=cast.outsider).pk,
    "episode_id": lambda cast: Episode.objects.filter(client=cast.foreign_client).first().pk,
    "team_member_id": lambda cast: (
        CareTeamMember.objects.get(client=cast.foreign_client, user=cast.outsider).pk
    ),
    "task_id": lambda cast: (
        make_task(cast.outsider, cast.other_program, client=cast.foreign_client).pk
    ),
}
