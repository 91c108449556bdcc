"""The staff home page's assessment panel (issue 8, point 4): the user's open safety tasks and
the assessments due and overdue on their caseload. Hidden when there is nothing to show. A fixed
number of queries whatever the caseload. (The program's overdue count is on the director's
outcomes page: working it out for 10,000 clients takes a second, too long for every home visit.)
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import Action, ProgramAction
from cairn.assessments import queries, schedule

SHOWN = 8


def _due_on_caseload(request, program, today):
    clients = access.clients_for(request.user, Action.WRITE_CLINICAL)
    mine = queries.caseload(clients, request.user, program)
    items = [
        item
        for found in schedule.due_for_clients(mine, program).values()
        for item in found
        if item.status(today) != "upcoming"
    ]
    items.sort(key=lambda i: (-i.days_overdue(today), i.due_on, i.client_id))
    return items, queries.due_rows(mine, items[:SHOWN], today)


def _safety_tasks(request, program):
    """Own safety tasks; those of clients outside the user's scope (the on-call clinician's)
    show the record number and the way in: emergency access."""
    tasks = queries.my_safety_tasks(request.user, program)
    visible = set(
        access.clients_for(request.user, Action.VIEW_CHART)
        .filter(pk__in=[t.client_id for t in tasks])
        .values_list("pk", flat=True)
    )
    return [(task, task.client_id in visible) for task in tasks]


def render_panel(request) -> str:
    program = getattr(request, "program", None)
    if program is None or not access.may(request, ProgramAction.VIEW_CENSUS):
        return ""
    today = timezone.localdate()
    items, rows = _due_on_caseload(request, program, today)
    tasks = _safety_tasks(request, program)
    if not rows and not tasks:
        return ""
    return render_to_string(
        "assessments/home_panel.html",
        {
            "rows": rows,
            "total": len(items),
            "overdue": sum(1 for i in items if i.status(today) == "overdue"),
            "tasks": tasks,
            "today": today,
        },
        request=request,
    )
