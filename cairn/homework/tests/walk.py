"""URL-walk registry (cairn/testing/urlwalk.py): an assignment of a client in another program;
``administration_id`` comes from the assessments app's walk, ``question_number`` is a step."""

from cairn.homework.models import Assignment


def _assignment(cast):
    return Assignment.objects.create(
        client=cast.foreign_client,
        program=cast.other_program,
        worksheet="thought_record",
        assigned_by=cast.outsider,
    ).pk


KWARG_OBJECTS = {
    "assignment_id": _assignment,
    "question_number": lambda cast: 1,
}
