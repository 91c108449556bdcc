"""The client signs a plan version in the portal (issue 9.2 and 11.6): the treatment plan or the
relapse-prevention plan, once the clinician has signed it. The rules are the plans app's
(``plans.signing.sign_by_client`` with ``method="portal"``); this page only shows and asks."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cairn.accounts.decorators import portal_required
from cairn.plans import queries, signing
from cairn.plans.documents import load_problems, relapse_sections
from cairn.plans.models import PlanRefused, SignatureMethod, VersionStatus
from cairn.portal.door import portal_client
from cairn.portal.forms import SignPlanForm
from cairn.portal.layout import render_portal


@portal_required
@require_http_methods(["GET", "POST"])
def sign_treatment(request, version_id):
    client = portal_client(request)
    version = queries.treatment_version_for(client, version_id)
    return _sign(request, version, "treatment", {"problems": load_problems(version)})


@portal_required
@require_http_methods(["GET", "POST"])
def sign_relapse(request, rp_version_id):
    client = portal_client(request)
    version = queries.relapse_version_for(client, rp_version_id)
    return _sign(request, version, "relapse", {"sections": relapse_sections(version)})


def _sign(request, version, kind, document):
    if version.status != VersionStatus.AWAITING_CLIENT:
        messages.info(request, _("This version of your plan doesn't need your signature."))
        return redirect("portal:plan")
    form = SignPlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                signing.sign_by_client(
                    version,
                    typed_name=form.cleaned_data["typed_name"],
                    agreed=form.cleaned_data["agreed"],
                    method=SignatureMethod.PORTAL,
                    portal_user=request.user,
                    request=request,
                )
            except PlanRefused as refusal:
                form.add_error(refusal.field, refusal.message)
            else:
                messages.success(request, _("Thank you. Your plan is signed."))
                return redirect("portal:plan")
    context = {"version": version, "kind": kind, "form": form, **document}
    return render_portal(request, "portal/sign.html", context, status=status)
