"""The recovery date (kept by the clinician, with its history) and the Adherence tab."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.medications import hooks, queries
from cairn.medications import recovery as operations
from cairn.medications.forms import AdherenceForm, RecoveryForm
from cairn.medications.screening import open_alerts
from cairn.medications.views import submit


def _action(request):
    return Action.VIEW_CHART if request.method in ("GET", "HEAD") else Action.WRITE_CLINICAL


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery(request, client_id):
    client = access.client_for(request, client_id, _action(request))
    summary = queries.recovery(client)
    form = RecoveryForm(
        request.POST or None,
        initial={"recovery_on": summary.current.recovery_on if summary.current else None},
    )
    if request.method == "POST":
        row = submit(
            form,
            lambda: operations.set_recovery_date(
                client, **form.cleaned_data, by=request.user, request=request
            ),
        )
        if row:
            messages.success(request, f"Recovery date recorded: {row.recovery_on:%b %-d, %Y}.")
            return redirect("medications:recovery", client_id=client.pk)
    return render_chart(
        request,
        client,
        "medications/recovery.html",
        {
            "form": form,
            "recovery": summary,
            "history": queries.recovery_history(client),
            "prompts": list(open_alerts(client)),
            "can_write": Action.WRITE_CLINICAL in client.allowed_actions,
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def adherence(request, client_id):
    client = access.client_for(request, client_id, _action(request))
    form = AdherenceForm(request.POST or None, medications=queries.medication_choices(client))
    if request.method == "POST":
        check = submit(
            form,
            lambda: operations.record_adherence(
                client, **form.cleaned_data, by=request.user, request=request
            ),
        )
        if check:
            messages.success(request, "Adherence check recorded.")
            return redirect("medications:adherence", client_id=client.pk)
    page = Paginator(queries.adherence_checks(client), 25).get_page(request.GET.get("page"))
    return render_chart(
        request,
        client,
        "medications/chart_adherence.html",
        {
            "form": form,
            "page": page,
            "query": "",
            "can_write": Action.WRITE_CLINICAL in client.allowed_actions,
            "notes": hooks.medication_notes(request, client),
            "notes_connected": hooks.has_note_sources(),
        },
        status=400 if form.errors else 200,
    )
