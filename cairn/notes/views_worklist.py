"""A clinician's notes to finish, a supervisor's co-sign queue, the director's timeliness
report, and SUD counseling notes (kept apart, author only)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.accounts.roles import CARE_ROLES
from cairn.clients.chart import render_chart
from cairn.notes import counseling, queries, timeliness
from cairn.notes.catalog import catalog
from cairn.notes.configuration import due_hours_by_type
from cairn.notes.forms import CounselingNoteForm
from cairn.notes.models import CounselingNote
from cairn.notes.todo import todo_lists
from cairn.notes.views import IN_NOTES_TAB, attach_errors

REPORT_PERIODS = {"7": 7, "30": 30, "90": 90}


@staff_required
@require_safe
def my_notes(request):
    """Everything the user still has to write or sign, oldest due first."""
    if not request.user.roles & CARE_ROLES:
        return redirect("core:home")
    drafts = timeliness.my_draft_notes(request.user)
    group_drafts = timeliness.my_draft_group_notes(request.user)
    needing = timeliness.sessions_needing_note(request.user, timezone.now())
    return render(
        request,
        "notes/mine.html",
        {
            "lists": todo_lists(drafts, group_drafts, needing),
            "any": bool(drafts or group_drafts or needing),
            "lookback_days": timeliness.LOOKBACK_DAYS,
            "is_cosigner": access.may(request, ProgramAction.COSIGN),
        },
    )


@staff_required
@require_safe
def cosign_queue(request):
    """A supervisor's queue: supervisees' signed notes waiting for a co-signature."""
    access.program_for(request, ProgramAction.COSIGN)
    notes, groups = timeliness.cosign_queue(request.user)
    return render(
        request,
        "notes/cosign_queue.html",
        {"notes": notes, "groups": groups, "total": len(notes) + len(groups)},
    )


@staff_required
@require_safe
def timeliness_report(request):
    """For the program director: notes on time, late, overdue and missing, by clinician."""
    program = access.program_for(request, ProgramAction.VIEW_REPORTS)
    period = request.GET.get("days", "30")
    days = REPORT_PERIODS.get(period, 30)
    until = timezone.localdate()
    since = until - timedelta(days=days - 1)
    rows = timeliness.report(request.user, program, since, until)
    return render(
        request,
        "notes/timeliness.html",
        {
            "rows": rows,
            "since": since,
            "until": until,
            "days": days,
            "periods": REPORT_PERIODS.values(),
            "due_defaults": _due_defaults(program),
        },
    )


def _due_defaults(program):
    hours = due_hours_by_type([program.pk])
    return [(t.label, hours[(program.pk, code)]) for code, t in catalog().note_types.items()]


@staff_required
@require_http_methods(["GET", "POST"])
def counseling_notes(request, client_id):
    """The user's own SUD counseling notes for a client (42 CFR Part 2): nobody else's, and
    nobody else sees these. Writing one needs the care team's write access."""
    action = Action.WRITE_CLINICAL if request.method == "POST" else Action.VIEW_CHART
    client = access.client_for(request, client_id, action, audit="counseling_notes.view")
    form = CounselingNoteForm(
        request.POST or None,
        sessions=queries.client_sessions(client),
        tz=client.program.tz,
        initial={"service_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            counseling.write_counseling_note(
                client=client, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Counseling note kept. Only you can read it.")
            return redirect("notes:counseling", client_id=client.pk)
    scoped = access.scope(CounselingNote.objects.all(), request.user, Action.VIEW_CHART)
    return render_chart(
        request,
        client,
        "notes/counseling.html",
        {
            "notes": queries.own_counseling_notes(scoped, client, request.user),
            "form": form,
            "can_write": Action.WRITE_CLINICAL in client.allowed_actions,
            **IN_NOTES_TAB,
        },
        status=400 if request.method == "POST" else 200,
    )
