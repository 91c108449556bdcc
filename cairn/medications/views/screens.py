"""The Drug screens tab: a timeline of screens with expected and unexpected positives marked,
recording a screen, and confirming or changing a classification."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.medications import queries, screening
from cairn.medications.catalog import catalog
from cairn.medications.forms import ClassifyForm, ErrorForm, PanelForm, ScreenForm
from cairn.medications.views import submit

PAGE_SIZE = 12


@staff_required
@require_safe
def screens(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART)
    page = Paginator(queries.screens(client), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    return render_chart(
        request,
        client,
        "medications/chart_screens.html",
        {
            "page": page,
            "screens": [(screen, queries.summary(screen)) for screen in rows],
            "timeline": queries.timeline(rows),
            "recovery": queries.recovery(client),
            "can_write": Action.WRITE_CLINICAL in client.allowed_actions,
            "query": "",
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def record(request, client_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    cat = catalog()
    source = request.POST if request.method == "POST" else request.GET
    panel_code = source.get("panel") or next(iter(cat.panels))
    panel = cat.panels.get(panel_code) or next(iter(cat.panels.values()))
    form = ScreenForm(request.POST or None, panel=panel)
    if request.method == "POST":
        screen = submit(
            form,
            lambda: screening.record_screen(
                client, form.to_input(), by=request.user, request=request
            ),
        )
        if screen:
            flagged = screen.results.filter(classification="unexpected").exists()
            messages.success(
                request,
                "Screen recorded."
                + (" It has an unexpected positive: the chart is flagged." if flagged else ""),
            )
            return redirect("medications:screen", screen_id=screen.pk)
    return render_chart(
        request,
        client,
        "medications/screen_form.html",
        {"form": form, "panel": panel, "panel_form": PanelForm(initial={"panel": panel.code})},
        status=400 if form.errors else 200,
    )


def _detail(request, screen, *, forms=None, error_form=None, status=200):
    client = screen.door_client
    can_write = Action.WRITE_CLINICAL in client.allowed_actions
    results = list(screen.results.select_related("classified_by").order_by("pk"))
    forms = forms or {}
    for row in results:
        row.form = forms.get(row.pk) or ClassifyForm(
            initial={"classification": row.classification, "version": row.version},
            prefix=f"r{row.pk}",
        )
    recovery = queries.recovery(client)
    unexpected = [r for r in results if r.classification == "unexpected"]
    return render_chart(
        request,
        client,
        "medications/screen_detail.html",
        {
            "screen": screen,
            "results": results,
            "positives": [r for r in results if r.result == "positive"],
            "others": [r for r in results if r.result != "positive"],
            "unexpected": unexpected,
            "validity": [
                (check.label, screen.validity.get(check.code, ""))
                for check in catalog().validity_checks
            ],
            "recovery": recovery,
            "review_recovery": screening.flagged(screen)
            and recovery.current is not None
            and recovery.current.recovery_on <= screen.collected_on,
            "can_write": can_write,
            "error_form": error_form or ErrorForm(),
        },
        status=status,
    )


@staff_required
@require_safe
def screen(request, screen_id):
    found = access.owned_for(request, queries.screen_rows(), screen_id, Action.VIEW_CHART)
    return _detail(request, found)


@staff_required
@require_POST
def classify(request, result_id):
    row = access.owned_for(
        request,
        queries.result_rows(),
        result_id,
        Action.WRITE_CLINICAL,
        via="screen__client",
    )
    form = ClassifyForm(request.POST, prefix=f"r{row.pk}")
    done = submit(
        form,
        lambda: screening.classify_result(
            row,
            classification=form.cleaned_data["classification"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
            by=request.user,
            request=request,
        ),
    )
    if done:
        word = "Confirmed" if done.classification == done.auto_classification else "Changed"
        messages.success(request, f"{word}: {done.analyte_label} {done.classification}.")
        return redirect("medications:screen", screen_id=row.screen_id)
    row.screen.door_client = row.door_client
    return _detail(request, row.screen, forms={row.pk: form}, status=400)


@staff_required
@require_POST
def screen_error(request, screen_id):
    found = access.owned_for(
        request,
        queries.screen_rows(),
        screen_id,
        Action.WRITE_CLINICAL,
    )
    form = ErrorForm(request.POST)
    done = submit(
        form,
        lambda: screening.mark_screen_in_error(
            found, reason=form.cleaned_data["reason"], by=request.user, request=request
        ),
    )
    if done:
        messages.success(request, "The screen is marked as entered in error.")
        return redirect("medications:screens", client_id=done.client_id)
    return _detail(request, found, error_form=form, status=400)
