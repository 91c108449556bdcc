"""Disclosures (find the covering consent, produce the package; emergencies and their review),
the accounting of disclosures, and the export of a client's whole record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.clients.chart import render_chart
from cairn.consents import accounting as accounts_of_disclosures
from cairn.consents import disclosing, packages, queries, record_export, rules
from cairn.consents.categories import available
from cairn.consents.forms import (
    EmergencyForm,
    ExportForm,
    FindConsentForm,
    PackageForm,
    ReviewForm,
)
from cairn.consents.models import Consent, Disclosure, RecordExport
from cairn.consents.views import IN_TAB, attach_errors
from cairn.consents.vocabulary import COUNSELING_NOTES, Purpose, labels

RELEASE = Action.RELEASE_RECORDS


@staff_required
@require_http_methods(["GET", "POST"])
def new_disclosure(request, client_id):
    """Step 1 (no ``consent``): who is it for and why — the consents that cover them.
    Step 2 (``?consent=<id>``): what goes in the package, within what that consent allows."""
    client = access.client_for(request, client_id, Action.RELEASE_RECORDS, audit="disclosures.new")
    if request.GET.get("consent"):
        return _package_step(request, client, request.GET["consent"])
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _find_step(request, client)


def _find_step(request, client):
    form = FindConsentForm(request.GET if "recipient" in request.GET else None)
    covering = falling_short = None
    refusal = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        recipient = rules.Recipient(data["recipient"], data["recipient_kind"])
        covering, falling_short = rules.covering_consents(client, recipient, data["purpose"])
        if not covering:
            refusal = (
                f"The consent for {falling_short[0].consent.recipient_label}: "
                f"{falling_short[0].reasons[0]}"
                if falling_short
                else f"No consent names {recipient.name} for "
                f"{Purpose(data['purpose']).label.lower()}: missing the recipient."
            )
            disclosing.audit_refusal(
                client,
                [refusal],
                by=request.user,
                request=request,
                detail={"purpose": data["purpose"], "step": "find"},
            )
    return render_chart(
        request,
        client,
        "consents/disclose_find.html",
        {
            "form": form,
            "covering": covering,
            "falling_short": falling_short,
            "refusal": refusal,
            **IN_TAB,
        },
    )


def _package_step(request, client, consent_id):
    scoped = access.scope(Consent.objects.all(), request.user, Action.RELEASE_RECORDS)
    consent = queries.client_consent(scoped, client, consent_id)
    if consent is None:
        raise Http404("Not found")
    if consent.is_counseling_notes:
        # Counseling notes are read by their author alone; the records custodian releases them.
        access.authorize(request, client, Action.EXPORT_RECORD)
    not_in_effect = rules.in_effect(consent, timezone.localdate())
    form = PackageForm(request.POST if request.method == "POST" else None, consent=consent)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                disclosure = disclosing.release_with_consent(
                    client,
                    consent,
                    categories=form.cleaned_data["categories"],
                    period=form.period,
                    purpose=form.cleaned_data["purpose"],
                    by=request.user,
                    request=request,
                )
            except disclosing.DisclosureRefused as refused:
                form.add_error(None, refused.reasons)
                not_in_effect = rules.in_effect(consent, timezone.localdate())
            else:
                messages.success(request, "The package is ready and the disclosure is recorded.")
                return redirect("consents:disclosure", disclosure_id=disclosure.pk)
    keys = consent.categories or []
    return render_chart(
        request,
        client,
        "consents/disclose_package.html",
        {
            "consent": consent,
            "form": form,
            "not_in_effect": not_in_effect,
            "unsupplied": labels([k for k in keys if k not in set(available(keys))]),
            **IN_TAB,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def emergency(request, client_id):
    """A disclosure without consent in a medical emergency (42 CFR 2.51)."""
    client = access.client_for(
        request, client_id, Action.RELEASE_RECORDS, audit="disclosures.emergency"
    )
    form = EmergencyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                disclosure = disclosing.release_in_emergency(
                    client,
                    recipient_name=data["recipient_name"],
                    recipient_organization=data["recipient_organization"],
                    reason=data["reason"],
                    categories=data["categories"],
                    period=form.period,
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.warning(
                    request, "Released in an emergency. The program director will review it."
                )
                return redirect("consents:disclosure", disclosure_id=disclosure.pk)
    return render_chart(
        request, client, "consents/disclose_emergency.html", {"form": form, **IN_TAB}, status=status
    )


def _disclosure(request, disclosure_id, action):
    return access.owned_for(request, queries.disclosure_detail(), disclosure_id, action)


def _detail_page(request, disclosure, review_form=None, status=200):
    client = disclosure.door_client
    allowed = client.allowed_actions
    counts = {key: len(refs) for key, refs in (disclosure.manifest or {}).items()}
    return render_chart(
        request,
        client,
        "consents/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "counts": [(label, counts.get(key, 0)) for key, label in _labelled(disclosure)],
            "can_download": Action.RELEASE_RECORDS in allowed
            and (Action.EXPORT_RECORD in allowed or COUNSELING_NOTES not in disclosure.categories),
            "can_review": disclosure.awaiting_review and Action.VIEW_CLIENT_AUDIT in allowed,
            "review_form": review_form or ReviewForm(),
            **IN_TAB,
        },
        status=status,
    )


def _labelled(disclosure):
    from cairn.consents.vocabulary import CATEGORIES, ordered

    return [(key, CATEGORIES[key].label) for key in ordered(disclosure.categories)]


@staff_required
@require_safe
def disclosure_detail(request, disclosure_id):
    return _detail_page(request, _disclosure(request, disclosure_id, Action.MANAGE_CONSENTS))


@staff_required
@require_safe
def disclosure_pdf(request, disclosure_id):
    """The package exactly as released (audited as a download)."""
    audit = "disclosure.download"
    disclosure = access.owned_for(request, Disclosure, disclosure_id, RELEASE, audit=audit)
    if COUNSELING_NOTES in disclosure.categories:
        access.authorize(request, disclosure.door_client, Action.EXPORT_RECORD)
    response = HttpResponse(bytes(disclosure.package_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{disclosure.filename}"'
    return response


@staff_required
@require_POST
def review(request, disclosure_id):
    """The director's review of an emergency disclosure."""
    disclosure = _disclosure(request, disclosure_id, Action.VIEW_CLIENT_AUDIT)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            disclosing.review_emergency_disclosure(
                disclosure, by=request.user, note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("consents:disclosure", disclosure_id=disclosure.pk)
    return _detail_page(request, disclosure, review_form=form, status=400)


@staff_required
@require_safe
def review_queue(request):
    """Emergency disclosures of the program, waiting for the director's review first."""
    program = access.program_for(request, ProgramAction.VIEW_AUDIT_REPORT)
    scoped = access.scope(Disclosure.objects.all(), request.user, Action.VIEW_CLIENT_AUDIT)
    waiting, reviewed = queries.review_queue(scoped, program)
    return render(request, "consents/review_queue.html", {"waiting": waiting, "reviewed": reviewed})


@staff_required
@require_safe
def accounting(request, client_id):
    """The accounting of disclosures of the past three years, printable."""
    client = access.client_for(
        request, client_id, Action.MANAGE_CONSENTS, audit="consents.accounting"
    )
    today = timezone.localdate()
    return render_chart(
        request,
        client,
        "consents/accounting.html",
        {
            "lines": accounts_of_disclosures.accounting_for(client, on=today),
            "since": accounts_of_disclosures.since(today),
            "today": today,
            **IN_TAB,
        },
    )


@staff_required
@require_safe
def accounting_pdf(request, client_id):
    client = access.client_for(
        request, client_id, Action.MANAGE_CONSENTS, audit="consents.accounting.pdf"
    )
    today = timezone.localdate()
    pdf = packages.render_pdf(
        "consents/pdf/accounting.html",
        {
            "client": client,
            "program": client.program,
            "lines": accounts_of_disclosures.accounting_for(client, on=today),
            "since": accounts_of_disclosures.since(today),
            "today": today,
        },
        top_left=f"{client.program.name} — confidential",
        top_right="Accounting of disclosures",
    )
    response = HttpResponse(pdf.data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="accounting-{client.mrn}.pdf"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def export(request, client_id):
    """The client's whole record as a ZIP (JSON + PDF summary), for their own request."""
    client = access.client_for(request, client_id, Action.EXPORT_RECORD, audit="record.export.form")
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = record_export.export_record(
            client, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
        response = HttpResponse(result.data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        return response
    exports = queries.chart_exports(
        access.scope(RecordExport.objects.all(), request.user, Action.EXPORT_RECORD), client
    )
    return render_chart(
        request,
        client,
        "consents/export.html",
        {"form": form, "exports": exports, "format": record_export.export_format(), **IN_TAB},
        status=400 if form.is_bound else 200,
    )
