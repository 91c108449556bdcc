"""Queries behind the assessment pages. Each refines what the door already authorized or
scoped (``access.client_for``, ``access.clients_for``, ``access.scope``), so views never query
a client-scoped model directly (core/tests/test_door_lint.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from cairn.assessments.models import Administration
from cairn.clients.models import Client
from cairn.worklist.models import Alert, Task


def administrations_of(client_id) -> QuerySet[Administration]:
    """For ``access.owned_for``: a client's administrations (the door checks the client)."""
    return Administration.objects.filter(client_id=client_id).select_related(
        "started_by", "submitted_by", "status_changed_by"
    )


def safety_alerts_of(client_id) -> QuerySet[Alert]:
    """For ``access.owned_for``: a client's safety alerts (the door checks the client)."""
    return Alert.objects.filter(client_id=client_id, kind="safety").select_related("resolved_by")


def history(client: Client) -> list[Administration]:
    """Every administration of an authorized client, newest first, with who entered it."""
    return list(
        client.administrations.select_related(
            "started_by", "submitted_by", "status_changed_by"
        ).order_by("-administered_at", "-started_at")
    )


def open_safety_alerts(client: Client) -> list[Alert]:
    alerts = client.alerts.filter(kind="safety", resolved_at__isnull=True)
    return list(alerts.order_by("-raised_at"))


def caseload(clients: QuerySet[Client], user, program) -> QuerySet[Client]:
    """The scoped clients of ``program`` on whose care team ``user`` is."""
    return clients.filter(
        program=program, status="active", care_team__user=user, care_team__active=True
    ).distinct()


def due_rows(clients: QuerySet[Client], items, today) -> list[tuple]:
    """(client, due item, status, days since due) for a page of due items: one query."""
    by_id = {c.pk: c for c in clients.filter(pk__in=[i.client_id for i in items])}
    return [(by_id[i.client_id], i, i.status(today), i.days_overdue(today)) for i in items]


def my_safety_tasks(user, program) -> list[Task]:
    """The user's own open safety tasks in the program: addressed to them, so the title (which
    names the record number, never the client) is theirs to see."""
    return list(
        Task.objects.filter(
            owner=user, program=program, kind="safety", status=Task.Status.OPEN
        ).order_by("due_at")[:20]
    )
