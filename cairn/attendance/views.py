from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.models import User
from cairn.accounts.policy import Action, ProgramAction, SessionAction
from cairn.accounts.roles import Role
from cairn.attendance import compliance, history, queries, recording
from cairn.attendance.forms import AttendanceForm, ResolveAlertForm
from cairn.audit.log import record
from cairn.clients.chart import render_chart
from cairn.worklist.operations import resolve_alert as resolve_alert_operation


def _day(value: str | None, program) -> date:
    today = timezone.localdate(timezone=program.tz)
    try:
        return date.fromisoformat(value) if value else today
    except ValueError:
        return today


@staff_required
@require_safe
def sessions(request):
    """Sessions of a day the user may take attendance for, and earlier ones still to take."""
    program = access.program_for(request, ProgramAction.VIEW_ATTENDANCE)
    day = _day(request.GET.get("day"), program)
    mine = access.sessions_for(request.user, SessionAction.TAKE_ATTENDANCE)
    today = timezone.localdate(timezone=program.tz)
    return render(
        request,
        "attendance/sessions.html",
        {
            "day": day,
            "today": today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "sessions": list(queries.on_day(mine, program, day)),
            "pending": list(queries.still_to_take(mine, program)) if day == today else [],
            "now": timezone.now(),
        },
    )


def _clients(n: int) -> str:
    return f"{n} client{'s' if n != 1 else ''}"


def _outcome_message(outcome: recording.Outcome) -> str:
    if not outcome.changed:
        return "Nothing changed: this attendance was already saved."
    created, corrected = len(outcome.created), len(outcome.corrected)
    if created and corrected:
        return f"Saved attendance for {_clients(created)} and corrected {corrected}."
    if created:
        return f"Saved attendance for {_clients(created)}."
    return f"Corrected attendance for {_clients(corrected)}."


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def take(request, session_id):
    """The attendance screen: the whole roster, one submit."""
    session = access.session_for(request, session_id, SessionAction.TAKE_ATTENDANCE)
    rows = queries.roster(session)
    refusal = recording.session_refusal(session)
    form = AttendanceForm(session, rows, data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if refusal:
            form.non_field_errors.append(refusal)
        elif form.is_valid():
            try:
                outcome = recording.record_attendance(
                    session, form.marks(), by=request.user, reason=form.reason, request=request
                )
            except recording.Conflict as error:
                messages.error(request, str(error))
                return redirect("attendance:take", session_id=session.pk)
            except recording.InvalidMarks as error:
                form.add_row_errors(error.errors)
                form.non_field_errors.append(str(error))
            except recording.ReasonRequired as error:
                form.reason_form.add_error("reason", str(error))
            except recording.AttendanceError as error:
                form.non_field_errors.append(str(error))
            else:
                messages.success(request, _outcome_message(outcome))
                return redirect("attendance:take", session_id=session.pk)
    find = request.GET.get("find", "").strip()[:100]
    candidates = queries.drop_in_candidates(session, find) if find and not refusal else []
    return render(
        request,
        "attendance/take.html",
        {
            "session": session,
            "form": form,
            "refusal": refusal,
            "find": find,
            "candidates": candidates,
            "marked": sum(1 for row in rows if row.record),
        },
        status=status,
    )


@staff_required
@require_safe
def drop_in_search(request, session_id):
    """Clients who could join as drop-ins (htmx fragment of the attendance screen)."""
    session = access.session_for(request, session_id, SessionAction.TAKE_ATTENDANCE)
    find = request.GET.get("find", "").strip()[:100]
    candidates = queries.drop_in_candidates(session, find)
    if find:
        record(
            "attendance.drop_in_search",
            request=request,
            program_id=session.program_id,
            detail={"session": session.pk, "results": len(candidates)},
        )
    return render(
        request,
        "attendance/_drop_in_results.html",
        {"session": session, "find": find, "candidates": candidates},
    )


@staff_required
@require_POST
def add_drop_in(request, session_id):
    session = access.session_for(request, session_id, SessionAction.TAKE_ATTENDANCE)
    client = queries.drop_in_candidate(session, request.POST.get("client_id"))
    if client is None:
        raise Http404("Not found")
    try:
        recording.add_drop_in(session, client, by=request.user, request=request)
    except recording.AttendanceError as error:
        messages.error(request, str(error))
        return redirect("attendance:take", session_id=session.pk)
    messages.success(request, f"{client.display_name} added as a drop-in. Mark their attendance.")
    return redirect(f"{reverse('attendance:take', args=[session.pk])}#c{client.pk}")


def _clinicians(program):
    return (
        User.objects.filter(
            role_assignments__program=program,
            role_assignments__role__in=[Role.CLINICIAN, Role.SUPERVISOR],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@staff_required
@require_safe
def board(request):
    """Weekly hours against the minimum for the clients the user may see."""
    program = access.program_for(request, ProgramAction.VIEW_ATTENDANCE)
    clients = access.clients_for(request.user, Action.VIEW_CHART)
    clinician = request.GET.get("clinician", "")
    if clinician.isdigit():
        clients = clients.filter(care_team__user_id=int(clinician), care_team__active=True)
    show = request.GET.get("show", "all")
    result = compliance.board(clients, program)
    rows = result.rows
    if show == "under":
        rows = [row for row in rows if row.status in ("step_down", "review") or row.at_risk]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    record(
        "attendance.board_view",
        request=request,
        program_id=program.pk,
        detail={"clients": len(result.rows), "clinician": clinician[:12]},
    )
    query = "&".join(
        f"{key}={value}" for key, value in (("clinician", clinician), ("show", show)) if value
    )
    return render(
        request,
        "attendance/board.html",
        {
            "board": result,
            "page": page,
            "rows": compliance.render_rows(page.object_list, result.mondays),
            "query": query,
            "show": show,
            "clinician": clinician,
            "clinicians": list(_clinicians(program)),
            "chart": {
                "labels": [f"{t['monday']:%b %-d}" for t in result.trend],
                "percent": [t["percent"] for t in result.trend],
            },
        },
    )


def _chart(request, client, *, alert_form=None, failed_alert=None, status=200):
    episodes = history.episodes_of(client)
    chosen = request.GET.get("episode", "")
    episode = next((e for e in episodes if str(e.pk) == chosen), None)
    if episode is None:
        episode = next((e for e in episodes if e.status == "active"), None) or (
            episodes[0] if episodes else None
        )
    return render_chart(
        request,
        client,
        "attendance/chart.html",
        {
            "episodes": episodes,
            "history": history.episode_history(client, episode) if episode else None,
            "alerts": history.open_alerts(client),
            "can_respond": Action.WRITE_CLINICAL in client.allowed_actions,
            "alert_form": alert_form or ResolveAlertForm(),
            "failed_alert": failed_alert,
        },
        status=status,
    )


@staff_required
@require_safe
def chart(request, client_id):
    """The chart's Attendance tab: one episode's weeks, days and sessions, open alerts."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="chart.attendance")
    return _chart(request, client)


@staff_required
@require_POST
def resolve_alert(request, client_id, alert_id):
    """Close an attendance alert with the response the clinician documents."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    alert = access.owned_for(
        request, history.attendance_alerts(client), alert_id, Action.WRITE_CLINICAL
    )
    form = ResolveAlertForm(request.POST)
    if not form.is_valid():
        return _chart(request, client, alert_form=form, failed_alert=alert.pk, status=400)
    resolve_alert_operation(
        alert, by=request.user, resolution=form.cleaned_data["resolution"], request=request
    )
    messages.success(request, "Alert closed. The response is on record.")
    return redirect("attendance:chart", client_id=client.pk)
