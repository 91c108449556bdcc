"""The chart's "Consents & disclosures" tab and consents: prepare from a template, sign on
screen, revoke, void, print. Views parse, authorize through the door, call one operation,
render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.consents import consenting, packages, queries
from cairn.consents.categories import available
from cairn.consents.forms import ConsentForm, RevokeForm, SignForm, VoidForm
from cairn.consents.models import Consent, Disclosure, RecordExport
from cairn.consents.presets import presets
from cairn.consents.vocabulary import TPO_RECIPIENTS, TPO_REDISCLOSURE, SignerKind

IN_TAB = {"current_tab": "consents:chart"}


def attach_errors(form, error: ValidationError) -> None:
    """An operation's refusal onto the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


@staff_required
@require_safe
def chart(request, client_id):
    """The tab: consents (current first), disclosures, record exports, and the actions."""
    client = access.client_for(request, client_id, Action.MANAGE_CONSENTS, audit="consents.list")
    user = request.user
    allowed = client.allowed_actions
    return render_chart(
        request,
        client,
        "consents/chart.html",
        {
            "consents": queries.chart_consents(
                access.scope(Consent.objects.all(), user, Action.MANAGE_CONSENTS), client
            ),
            "disclosures": queries.chart_disclosures(
                access.scope(Disclosure.objects.all(), user, Action.MANAGE_CONSENTS), client
            ),
            "exports": queries.chart_exports(
                access.scope(RecordExport.objects.all(), user, Action.MANAGE_CONSENTS), client
            )
            if Action.EXPORT_RECORD in allowed
            else [],
            "presets": presets().values(),
            "can_release": Action.RELEASE_RECORDS in allowed,
            "can_export": Action.EXPORT_RECORD in allowed,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new_consent(request, client_id):
    """Prepare a consent, starting from a template for a common recipient."""
    client = access.client_for(request, client_id, Action.MANAGE_CONSENTS, audit="consents.new")
    preset = presets().get(request.GET.get("template", ""), presets()["other"])
    tpo = preset.is_tpo
    initial = {
        "discloser": consenting.new_consent(client).discloser,
        "revocation_statement": consenting.new_consent(client).revocation_statement,
        **preset.initial(timezone.localdate()),
    }
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        tpo=tpo,
        contacts=None if tpo else queries.consent_contacts(client),
    )
    if preset.recipient_hint:
        form.fields["recipient_name"].help_text = preset.recipient_hint
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {**form.cleaned_data, "is_tpo": tpo, "preset": preset.key}
            try:
                consent = consenting.prepare_consent(client, data, by=request.user, request=request)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Consent prepared. Now it needs the signature.")
                return redirect("consents:sign", consent_id=consent.pk)
        status = 400
    return render_chart(
        request,
        client,
        "consents/consent_form.html",
        {
            "form": form,
            "preset": preset,
            "tpo": tpo,
            "tpo_recipients": TPO_RECIPIENTS,
            "tpo_redisclosure": TPO_REDISCLOSURE,
            "unsupplied": _unsupplied(preset.categories),
            **IN_TAB,
        },
        status=status,
    )


def _unsupplied(keys) -> list[str]:
    from cairn.consents.vocabulary import labels

    have = set(available(keys))
    return labels([k for k in keys if k not in have])


def _consent(request, consent_id, action=Action.MANAGE_CONSENTS) -> Consent:
    return access.owned_for(request, queries.consent_detail(), consent_id, action)


@staff_required
@require_safe
def consent_detail(request, consent_id):
    """The consent as the client reads and signs it, with its status and disclosures."""
    consent = _consent(request, consent_id)
    client = consent.door_client
    return render_chart(
        request,
        client,
        "consents/consent_detail.html",
        {
            "consent": consent,
            "disclosures": queries.consent_disclosures(consent),
            "can_release": Action.RELEASE_RECORDS in client.allowed_actions,
            "tpo_redisclosure": TPO_REDISCLOSURE,
            **IN_TAB,
        },
    )


@staff_required
@require_safe
def consent_pdf(request, consent_id):
    """The printable consent form (blank signature lines while unsigned)."""
    consent = _consent(request, consent_id)
    pdf = packages.render_pdf(
        "consents/pdf/consent.html",
        {"consent": consent, "client": consent.door_client, "tpo_redisclosure": TPO_REDISCLOSURE},
        top_left=f"{consent.door_client.program.name} — confidential",
        top_right=f"Consent {consent.pk}",
    )
    response = HttpResponse(pdf.data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consent-{consent.pk}.pdf"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def sign(request, consent_id):
    """Signature on screen: the client types their full name and confirms (or a representative
    with their authority); or staff record a paper signature and its date."""
    consent = _consent(request, consent_id)
    if consent.is_signed or consent.voided_at:
        messages.info(request, "This consent can no longer be signed.")
        return redirect("consents:consent", consent_id=consent.pk)
    form = SignForm(
        request.POST if request.method == "POST" else None,
        initial={"signer_kind": SignerKind.CLIENT},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                consenting.sign_consent(
                    consent,
                    signer_kind=data["signer_kind"],
                    signer_name=data["signer_name"],
                    representative_authority=data["representative_authority"],
                    attested=data["attested"],
                    method=data["method"],
                    signed_on=data["signed_on"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Signed. The consent is in effect.")
                return redirect("consents:consent", consent_id=consent.pk)
        status = 400
    return render_chart(
        request,
        consent.door_client,
        "consents/consent_sign.html",
        {"consent": consent, "form": form, "tpo_redisclosure": TPO_REDISCLOSURE, **IN_TAB},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def revoke(request, consent_id):
    """Record a written revocation: it takes effect at once."""
    consent = _consent(request, consent_id)
    if not consent.is_signed or consent.revoked_on:
        raise Http404("Not found")
    form = RevokeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consenting.revoke_consent(
                    consent,
                    revoked_on=form.cleaned_data["revoked_on"],
                    how=form.cleaned_data["how"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Revocation recorded. No disclosure can use it now.")
                return redirect("consents:consent", consent_id=consent.pk)
        status = 400
    return render_chart(
        request,
        consent.door_client,
        "consents/consent_revoke.html",
        {"consent": consent, "form": form, **IN_TAB},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def void(request, consent_id):
    """Set aside a prepared consent the client will not sign."""
    consent = _consent(request, consent_id)
    if consent.is_signed or consent.voided_at:
        raise Http404("Not found")
    form = VoidForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consenting.void_consent(
                    consent, by=request.user, reason=form.cleaned_data["reason"], request=request
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "The consent was voided.")
                return redirect("consents:chart", client_id=consent.client_id)
        status = 400
    return render_chart(
        request,
        consent.door_client,
        "consents/consent_void.html",
        {"consent": consent, "form": form, **IN_TAB},
        status=status,
    )
