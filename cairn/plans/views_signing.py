"""Signing pages for both plans: the clinician signs with their password; then the client
signs in person on this screen (the signed-in staff member is the witness). The portal will
call ``cairn.plans.signing.sign_by_client`` with method "portal"."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.plans import queries, signing
from cairn.plans.documents import relapse_sections
from cairn.plans.forms import ClientSignForm, ClinicianSignForm
from cairn.plans.models import PlanRefused, SignatureMethod, VersionStatus
from cairn.plans.views_common import refuse, treatment_document

_KINDS = {
    "treatment": {
        "tab": "plans:treatment",
        "load": queries.treatment_version_for,
        "title": "treatment plan",
    },
    "relapse": {
        "tab": "plans:relapse",
        "load": queries.relapse_version_for,
        "title": "relapse-prevention plan",
    },
}


def _document(kind, client, version) -> dict:
    if kind == "treatment":
        return treatment_document(client, version)
    return {"sections": {n: (h, e) for n, h, e in relapse_sections(version)}}


def _clinician_sign(request, client_id, version_id, kind):
    spec = _KINDS[kind]
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = spec["load"](client, version_id)
    if not version.is_draft:
        messages.error(request, "This version is already signed.")
        return redirect(spec["tab"], client_id=client.pk)
    form = ClinicianSignForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            signing.sign_by_clinician(
                version, by=request.user, password=form.cleaned_data["password"], request=request
            )
        except PlanRefused as error:
            status = refuse(request, error, form)
        else:
            messages.success(
                request,
                f"You signed version {version.number}. Next, the client reads and signs it.",
            )
            return redirect(spec["tab"], client_id=client.pk)
    elif request.method == "POST":
        status = 400
    context = {"version": version, "form": form, "kind": kind, "title": spec["title"]}
    context.update(_document(kind, client, version))
    return render_chart(request, client, "plans/sign_clinician.html", context, status=status)


def _client_sign(request, client_id, version_id, kind):
    spec = _KINDS[kind]
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = spec["load"](client, version_id)
    if version.status != VersionStatus.AWAITING_CLIENT:
        messages.error(request, "This version isn't waiting for the client's signature.")
        return redirect(spec["tab"], client_id=client.pk)
    form = ClientSignForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            signing.sign_by_client(
                version,
                typed_name=form.cleaned_data["typed_name"],
                agreed=form.cleaned_data["agreed"],
                method=SignatureMethod.IN_PERSON,
                witness=request.user,
                request=request,
            )
        except PlanRefused as error:
            status = refuse(request, error, form)
        else:
            messages.success(request, f"Signed. Version {version.number} is now the active plan.")
            return redirect(spec["tab"], client_id=client.pk)
    elif request.method == "POST":
        status = 400
    context = {"version": version, "form": form, "kind": kind, "title": spec["title"]}
    context.update(_document(kind, client, version))
    return render_chart(request, client, "plans/sign_client.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def treatment_sign(request, client_id, version_id):
    return _clinician_sign(request, client_id, version_id, "treatment")


@staff_required
@require_http_methods(["GET", "POST"])
def treatment_client_sign(request, client_id, version_id):
    return _client_sign(request, client_id, version_id, "treatment")


@staff_required
@require_http_methods(["GET", "POST"])
def relapse_sign(request, client_id, rp_version_id):
    return _clinician_sign(request, client_id, rp_version_id, "relapse")


@staff_required
@require_http_methods(["GET", "POST"])
def relapse_client_sign(request, client_id, rp_version_id):
    return _client_sign(request, client_id, rp_version_id, "relapse")
