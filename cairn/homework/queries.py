"""The queries behind the homework pages, for a client the door has already authorized."""

from __future__ import annotations

from django.db.models import QuerySet

from cairn.homework.models import Assignment


def for_client(client) -> QuerySet[Assignment]:
    """Every assignment of an authorized client, newest first, with who assigned/reviewed."""
    return Assignment.objects.filter(client=client).select_related("assigned_by", "reviewed_by")


def open_for_client(client) -> list[Assignment]:
    """What the client still has to do (portal home and homework list), soonest due first."""
    rows = Assignment.objects.filter(client=client, status=Assignment.Status.ASSIGNED)
    return sorted(rows, key=lambda a: (a.due_on is None, a.due_on, a.assigned_at))


def citable_for_note(client) -> QuerySet[Assignment]:
    """Homework a note may cite: the client's submitted or reviewed worksheets."""
    return Assignment.objects.filter(
        client=client,
        status__in=[Assignment.Status.SUBMITTED, Assignment.Status.REVIEWED],
    ).order_by("-submitted_at", "-id")


def citing_notes(assignment):
    """The notes of the (authorized) client that cite this homework, newest first."""
    return assignment.cited_in_notes.filter(client_id=assignment.client_id).select_related("author")
