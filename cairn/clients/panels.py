"""The staff home page's "My tasks" panel: the user's open tasks from the worklist (raised by
every app — follow-up calls, check-ins, outreach), soonest first, overdue ones marked."""

from django.template.loader import render_to_string
from django.utils import timezone

from cairn.accounts import access
from cairn.clients.forms import CompleteTaskForm

PANEL_LIMIT = 8


def my_tasks_panel(request) -> str:
    """At most three queries whatever the number of tasks: the first few, and the counts when
    there are more than fit."""
    open_tasks = access.tasks_for(request.user).filter(status="open")
    tasks = list(open_tasks.select_related("client").order_by("due_at", "pk")[:PANEL_LIMIT])
    if not tasks:
        return ""
    now = timezone.now()
    return render_to_string(
        "clients/_my_tasks_panel.html",
        {
            "tasks": tasks,
            "total": open_tasks.count() if len(tasks) == PANEL_LIMIT else len(tasks),
            "overdue": _overdue(open_tasks, tasks, now),
            "now": now,
            "form": CompleteTaskForm(),
        },
        request=request,
    )


def _overdue(open_tasks, shown, now) -> int:
    overdue = sum(1 for task in shown if task.due_at < now)
    if overdue == PANEL_LIMIT:  # sorted by due date: there may be more beyond the panel
        return open_tasks.filter(due_at__lt=now).count()
    return overdue
