"""The notes app's home-page panels: "Notes: drafts, overdue, sessions needing a note" for
anyone who writes notes, the co-sign queue for supervisors, timeliness for the director."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import ProgramAction
from cairn.accounts.roles import CARE_ROLES
from cairn.notes import timeliness
from cairn.notes.todo import todo_lists

PANEL_ROWS = 8


def writes_notes(request) -> bool:
    return bool(request.user.roles & CARE_ROLES)


def notes_panel(request) -> str:
    if not writes_notes(request):
        return ""
    user, now = request.user, timezone.now()
    drafts = timeliness.my_draft_notes(user)
    groups = timeliness.my_draft_group_notes(user)
    needing = timeliness.sessions_needing_note(user, now, rosters=PANEL_ROWS)
    if not (drafts or groups or needing):
        return ""
    overdue = sum(1 for d in [*drafts, *groups, *needing] if d.is_overdue(now))
    return render_to_string(
        "notes/panel_notes.html",
        {
            "lists": todo_lists(drafts[:PANEL_ROWS], groups[:PANEL_ROWS], needing[:PANEL_ROWS]),
            "overdue": overdue,
            "more": len(drafts) + len(groups) + len(needing) > 3 * PANEL_ROWS,
        },
    )


def cosign_panel(request) -> str:
    if not access.may(request, ProgramAction.COSIGN):
        return ""
    notes, groups = timeliness.cosign_queue(request.user, limit=PANEL_ROWS)
    if not (notes or groups):
        return ""
    return render_to_string(
        "notes/panel_cosign.html", {"notes": notes, "groups": groups}, request=request
    )


def timeliness_panel(request) -> str:
    if not access.may(request, ProgramAction.VIEW_REPORTS):
        return ""
    program = access.program_for(request, ProgramAction.VIEW_REPORTS)
    until = timezone.localdate()
    rows = timeliness.report(request.user, program, until - timedelta(days=29), until)
    due = sum(r.due for r in rows)
    on_time = sum(r.on_time for r in rows)
    return render_to_string(
        "notes/panel_timeliness.html",
        {
            "on_time_percent": round(100 * on_time / due) if due else None,
            "overdue": sum(r.overdue + r.missing for r in rows),
            "worst": [r for r in rows if r.on_time_percent is not None][:3],
        },
        request=request,
    )
