"""Printable plans: a one-page print view in the browser, and the same template as a PDF
(WeasyPrint); the relapse-prevention plan also as a wallet card (red-zone steps and phone
numbers). Printing and downloading are audited like viewing."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.plans import pdf, queries


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@staff_required
@require_safe
@never_cache
def treatment_print(request, client_id, version_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="treatment_plan.print")
    version = queries.treatment_version_for(client, version_id)
    return render(request, "plans/print/treatment.html", pdf.treatment_context(version))


@staff_required
@require_safe
@never_cache
def treatment_pdf(request, client_id, version_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="treatment_plan.pdf")
    version = queries.treatment_version_for(client, version_id)
    return _pdf_response(pdf.treatment_pdf(version), f"treatment-plan-v{version.number}.pdf")


@staff_required
@require_safe
@never_cache
def relapse_print(request, client_id, rp_version_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="relapse_plan.print")
    version = queries.relapse_version_for(client, rp_version_id)
    return render(request, "plans/print/relapse.html", pdf.relapse_context(version))


@staff_required
@require_safe
@never_cache
def relapse_pdf(request, client_id, rp_version_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="relapse_plan.pdf")
    version = queries.relapse_version_for(client, rp_version_id)
    return _pdf_response(pdf.relapse_pdf(version), f"relapse-prevention-plan-v{version.number}.pdf")


@staff_required
@require_safe
@never_cache
def wallet_card(request, client_id, rp_version_id):
    client = access.client_for(
        request, client_id, Action.VIEW_CHART, audit="relapse_plan.wallet_card"
    )
    version = queries.relapse_version_for(client, rp_version_id)
    return _pdf_response(pdf.wallet_card_pdf(version), "wallet-card.pdf")
