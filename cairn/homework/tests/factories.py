"""Test helpers: an assignment in each state."""

from cairn.homework import operations
from cairn.homework.models import Assignment

THOUGHT_RECORD = {
    "situation": "Argument at work",
    "thoughts": "I always mess up",
    "intensity_before": 8,
    "balanced": "One bad meeting is not everything",
}


def make_assignment(client, by, worksheet="thought_record", **overrides) -> Assignment:
    return Assignment.objects.create(
        client=client,
        program_id=client.program_id,
        episode=client.episodes.filter(status="active").first(),
        worksheet=worksheet,
        assigned_by=by,
        **overrides,
    )


def make_submitted(client, by, answers=None, worksheet="thought_record") -> Assignment:
    assignment = make_assignment(client, by, worksheet=worksheet)
    return operations.submit_homework(assignment, answers or THOUGHT_RECORD, by=by)
