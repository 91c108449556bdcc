"""The staff home page's "My tasks" panel: the user's open tasks from the worklist (raised by
every app — follow-up calls, check-ins, outreach), soonest first, overdue ones marked."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from cairn.accounts import access
from cairn.clients.task_items import task_items

PANEL_LIMIT = 8


def my_tasks_panel(request) -> str:
    """At most two queries whatever the number of tasks: the first few, and (when more than
    fit) the total and overdue counts together in one conditional aggregate."""
    open_tasks = access.tasks_for(request.user).filter(status="open")
    tasks = list(open_tasks.select_related("client").order_by("due_at", "pk")[:PANEL_LIMIT])
    if not tasks:
        return ""
    now = timezone.now()
    total, overdue = _counts(open_tasks, tasks, now)
    return render_to_string(
        "clients/_my_tasks_panel.html",
        {
            "items": task_items(tasks, request, now),
            "shown": len(tasks),
            "total": total,
            "overdue": overdue,
        },
    )


def _counts(open_tasks, shown, now) -> tuple[int, int]:
    """(open tasks, overdue ones): counted from the panel's rows when all fit, else in SQL."""
    if len(shown) < PANEL_LIMIT:
        return len(shown), sum(1 for task in shown if task.due_at < now)
    counts = open_tasks.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    return counts["total"], counts["overdue"]
