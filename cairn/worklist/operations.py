"""Raising and closing tasks and alerts. Raising is idempotent per ``source``."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.worklist.models import Alert, Priority, Task


def raise_task(
    *,
    program_id: int,
    owner,
    kind: str,
    title: str,
    due_at: datetime,
    client=None,
    detail: str = "",
    priority: str = Priority.NORMAL,
    source: str = "",
    url: str = "",
) -> Task:
    """Create a task, or return the existing one raised from the same ``source``."""
    with transaction.atomic():
        if source:
            existing = Task.objects.filter(kind=kind, source=source, owner=owner).first()
            if existing:
                return existing
        task = Task.objects.create(
            program_id=program_id,
            owner=owner,
            kind=kind,
            title=title,
            due_at=due_at,
            client=client,
            detail=detail,
            priority=priority,
            source=source,
            url=url,
        )
        record("task.create", actor=None, obj=task, client_id=task.client_id, detail={"kind": kind})
    return task


def complete_task(task: Task, *, by, resolution: str = "", request=None) -> Task:
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status != Task.Status.OPEN:
            return task
        task.status = Task.Status.DONE
        task.completed_at = timezone.now()
        task.completed_by = by
        task.resolution = resolution
        task.save(update_fields=["status", "completed_at", "completed_by", "resolution"])
        record("task.complete", request=request, actor=by, obj=task, client_id=task.client_id)
    return task


def raise_alert(
    *, client, kind: str, message: str, severity: str = Alert.Severity.WARNING, source: str = ""
) -> Alert:
    """Flag the chart, or return the open alert raised from the same ``source``."""
    with transaction.atomic():
        if source:
            existing = Alert.objects.filter(kind=kind, source=source).first()
            if existing:
                return existing
        alert = Alert.objects.create(
            client=client,
            program_id=client.program_id,
            kind=kind,
            message=message,
            severity=severity,
            source=source,
        )
        record("alert.raise", obj=alert, client_id=client.pk, detail={"kind": kind})
    return alert


def resolve_alert(alert: Alert, *, by, resolution: str, request=None) -> Alert:
    """Close an alert with the clinician's documented response."""
    if not resolution.strip():
        raise ValueError("Describe the response before closing the alert.")
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.resolved_at:
            return alert
        alert.resolved_at = timezone.now()
        alert.resolved_by = by
        alert.resolution = resolution
        alert.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        record("alert.resolve", request=request, actor=by, obj=alert, client_id=alert.client_id)
    return alert
