"""Staff pages for assessments: the chart tab (due, trends, history), answering an instrument,
the safety response, the list of due assessments, the director's outcomes and the program's
schedule. Every page goes through the door; every write is one operation."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.assessments import administration as ops
from cairn.assessments import configuration, entry, outcomes, queries, safety, schedule
from cairn.assessments.forms import (
    EnteredInErrorForm,
    SafetyResponseForm,
    ScheduleForm,
    SettingsForm,
    StartForm,
    SubmitDetailsForm,
)
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration, Method
from cairn.assessments.trends import trends_for
from cairn.clients.chart import render_chart


def _tab_url(client_id) -> str:
    return reverse("assessments:chart_tab", kwargs={"client_id": client_id})


@staff_required
@require_safe
def chart_tab(request, client_id):
    """The chart's Assessments tab: safety alerts, what is due, trends, history."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="chart.assessments")
    rows = queries.history(client)
    sex = ops.sex_for_scoring(client)
    today = timezone.localdate()
    due = schedule.due_for_client(client)
    trends = trends_for(rows, sex)
    context = {
        "safety_alerts": queries.open_safety_alerts(client),
        "due_now": [d for d in due if d.status(today) != "upcoming"],
        "upcoming": [d for d in due if d.status(today) == "upcoming"],
        "today": today,
        "drafts": [r for r in rows if r.is_draft],
        "history": [r for r in rows if not r.is_draft],
        "trends": [t for t in trends if len(t.points) > 1],
        "once": [t for t in trends if len(t.points) == 1],
        "chart_json": {t.code: t.chart_data() for t in trends if len(t.points) > 1},
        "discharge_due": [get_instrument(code) for code in schedule.discharge_due(client)],
        "start_form": StartForm(),
        "can_write": Action.WRITE_CLINICAL in client.allowed_actions,
    }
    return render_chart(request, client, "assessments/chart_tab.html", context)


@staff_required
@require_POST
def start(request, client_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a questionnaire and how it is given.")
        return redirect(_tab_url(client.pk))
    administration = ops.start_administration(
        client,
        form.cleaned_data["instrument"],
        by=request.user,
        method=form.cleaned_data["method"],
        occasion=form.cleaned_data["occasion"] or None,
        request=request,
    )
    return redirect(_administration_url(administration))


def _administration_url(administration: Administration) -> str:
    return reverse(
        "assessments:administration",
        kwargs={"client_id": administration.client_id, "administration_id": administration.pk},
    )


def _load(request, client_id, administration_id, action: Action) -> Administration:
    return access.owned_for(
        request, queries.administrations_of(client_id), administration_id, action
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def administration(request, client_id, administration_id):
    """A draft: the questions (save or submit). A submitted one: its answers and score."""
    action = Action.WRITE_CLINICAL if request.method == "POST" else Action.VIEW_CHART
    record = _load(request, client_id, administration_id, action)
    client = record.door_client
    record.client = client
    if request.method == "POST":
        return _answer(request, record)
    if not record.is_draft or Action.WRITE_CLINICAL not in client.allowed_actions:
        return _result(request, record)
    return _questions(request, record, entry.answer_form(record), _details_form(record))


def _details_form(record: Administration, data=None) -> SubmitDetailsForm | None:
    if record.method != Method.PAPER:
        return None
    return SubmitDetailsForm(data, initial={"administered_on": timezone.localdate()})


def _answer(request, record: Administration):
    if not record.is_draft:
        messages.error(request, "This assessment was already submitted; it cannot be changed.")
        return redirect(_administration_url(record))
    submit = request.POST.get("action") == "submit"
    autosave = request.headers.get("X-Cairn-Autosave") == "1"
    details = _details_form(record, request.POST if submit else None)
    if details is not None and submit and not details.is_valid():
        return _questions(request, record, entry.answer_form(record, request.POST), details, 400)
    when = details.administered_at() if details is not None and submit else None
    result = entry.handle_answers(
        request, record, by=request.user, submit=submit, administered_at=when
    )
    if autosave:
        return _autosave_response(result)
    if result.outcome == entry.INVALID:
        return _questions(request, result.administration, result.form, details, 400)
    if result.outcome == entry.SAVED:
        messages.success(request, f"Draft saved: {result.form.answered} answered so far.")
        return redirect(_tab_url(record.client_id))
    submitted = result.administration
    text = f"{submitted.short_name} scored {submitted.total} ({submitted.band})."
    if submitted.critical:
        messages.error(request, f"{text} Safety alert raised: document the response.")
    else:
        messages.success(request, text)
    return redirect(_administration_url(submitted))


def _autosave_response(result: entry.Entry):
    if result.outcome == entry.SAVED:
        return JsonResponse({"saved": True, "version": result.administration.version})
    errors = {name: [str(e) for e in errs] for name, errs in result.form.errors.items()}
    return JsonResponse({"saved": False, "errors": errors}, status=400)


def _questions(request, record, form, details, status=200):
    instrument = get_instrument(record.instrument)
    context = {
        "record": record,
        "instrument": instrument,
        "form": form,
        "details": details,
        "action_url": _administration_url(record),
        "cancel_url": _tab_url(record.client_id),
    }
    return render_chart(request, record.client, "assessments/answer.html", context, status=status)


def _result(request, record: Administration):
    instrument = get_instrument(record.instrument)
    answers = []
    for item in instrument.items:
        value = record.answers.get(item.link_id)
        if item.type == "boolean":
            shown = {True: "Yes", False: "No"}.get(value, "Not asked")
        else:
            shown = next((o.display for o in item.options if o.score == value), "Not answered")
        answers.append((item, shown, value))
    context = {
        "record": record,
        "instrument": instrument,
        "answers": answers,
        "error_form": EnteredInErrorForm(),
        "can_write": Action.WRITE_CLINICAL in record.client.allowed_actions,
    }
    return render_chart(request, record.client, "assessments/result.html", context)


@staff_required
@require_POST
def discard(request, client_id, administration_id):
    record = _load(request, client_id, administration_id, Action.WRITE_CLINICAL)
    try:
        ops.discard_draft(record, by=request.user, request=request)
        messages.success(request, f"The {record.short_name} draft was set aside.")
    except ops.AdministrationError as error:
        messages.error(request, str(error))
    return redirect(_tab_url(record.client_id))


@staff_required
@require_POST
def entered_in_error(request, client_id, administration_id):
    record = _load(request, client_id, administration_id, Action.WRITE_CLINICAL)
    form = EnteredInErrorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why this assessment was entered in error.")
        return redirect(_administration_url(record))
    try:
        ops.mark_entered_in_error(
            record, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(request, f"The {record.short_name} is marked entered in error.")
    except ops.AdministrationError as error:
        messages.error(request, str(error))
    return redirect(_administration_url(record))


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def safety_response(request, client_id, alert_id):
    """Document the response to a safety alert; this resolves it and its tasks."""
    alert = access.owned_for(
        request, queries.safety_alerts_of(client_id), alert_id, Action.WRITE_CLINICAL
    )
    client = alert.door_client
    if request.method == "POST" and alert.resolved_at is not None:
        messages.info(request, "This alert was already resolved.")
        return redirect(_tab_url(client.pk))
    form = SafetyResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        safety.respond_to_alert(alert, by=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Safety response documented; the alert is resolved.")
        return redirect(_tab_url(client.pk))
    context = {
        "alert": alert,
        "form": form,
        "source": safety.administration_for(alert),
        "cancel_url": _tab_url(client.pk),
    }
    status = 400 if request.method == "POST" else 200
    return render_chart(request, client, "assessments/safety_response.html", context, status=status)


@staff_required
@require_safe
def due_list(request):
    """Assessments due and overdue: the user's caseload, or every client they may see."""
    program = access.program_for(request, ProgramAction.VIEW_CENSUS)
    everyone = request.GET.get("show") == "all"
    clients = access.clients_for(request.user, Action.VIEW_CHART).filter(
        program=program, status="active"
    )
    if not everyone:
        clients = queries.caseload(clients, request.user, program)
    today = timezone.localdate()
    items = [
        item
        for found in schedule.due_for_clients(clients, program).values()
        for item in found
        if item.status(today) != "upcoming"
    ]
    items.sort(key=lambda i: (-i.days_overdue(today), i.due_on, i.client_id))
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    rows = queries.due_rows(clients, page.object_list, today)
    context = {
        "rows": rows,
        "page": page,
        "everyone": everyone,
        "today": today,
        "overdue": sum(1 for i in items if i.status(today) == "overdue"),
        "query": "show=all" if everyone else "",
    }
    return render(request, "assessments/due_list.html", context)


@staff_required
@require_safe
def program_outcomes(request):
    """For the director: PHQ-9 and GAD-7 change since intake, overdue assessments."""
    program = access.program_for(request, ProgramAction.VIEW_REPORTS)
    clients = access.clients_for(request.user, Action.VIEW_CHART).filter(program=program)
    found = outcomes.program_outcomes(clients, program)
    chart = {
        "labels": [c.short_name for c in found.changes],
        "series": [
            {"label": label, "values": [c.share(getattr(c, key)) for c in found.changes]}
            for label, key in (
                ("Improved", "improved"),
                ("Unchanged", "unchanged"),
                ("Worse", "worse"),
            )
        ],
    }
    context = {
        "outcomes": found,
        "chart_json": chart,
        "not_improving": outcomes.not_improving_clients(found, clients),
        "can_configure": access.may(request, ProgramAction.CONFIGURE_PROGRAM),
    }
    return render(request, "assessments/outcomes.html", context)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def program_settings(request):
    """The program's assessment schedule, on-call clinician, grace days and C-SSRS levels."""
    program = access.program_for(request, ProgramAction.CONFIGURE_PROGRAM)
    current = schedule.settings_for(program)
    cssrs = get_instrument("cssrs")
    cssrs_items = [(item, cssrs.band_for(n).label) for n, item in enumerate(cssrs.items, 1)]
    data = request.POST if request.method == "POST" else None
    schedule_form = ScheduleForm(data, rules=schedule.configured_rules(program))
    settings_form = SettingsForm(data, instance=current, program=program, cssrs_items=cssrs_items)
    if data is not None and schedule_form.is_valid() and settings_form.is_valid():
        configuration.save_schedule(
            program, schedule_form.rules(), by=request.user, request=request
        )
        configuration.save_settings(
            program,
            by=request.user,
            on_call_clinician=settings_form.cleaned_data["on_call_clinician"],
            grace_days=settings_form.cleaned_data["grace_days"],
            cssrs_risk_by_item=settings_form.cssrs_risk(),
            request=request,
        )
        messages.success(request, "Assessment settings saved.")
        return redirect("assessments:program_settings")
    context = {"schedule_form": schedule_form, "settings_form": settings_form}
    status = 400 if data is not None else 200
    return render(request, "assessments/settings.html", context, status=status)
