"""The client's relapse-prevention plan (issue 11.6): read it any time, suggest an edit (the
clinician accepts it into a new version), download the wallet card."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import portal_required
from cairn.accounts.policy import Action
from cairn.audit.log import record
from cairn.portal import panels
from cairn.portal.door import portal_client
from cairn.portal.forms import SuggestionForm
from cairn.portal.layout import render_portal
from cairn.portal.models import PlanSuggestion
from cairn.portal.suggestions import SECTIONS, SuggestionRefused, suggest


@portal_required
@require_http_methods(["GET", "POST"])
def plan(request):
    client = portal_client(request)
    version = panels.current_plan(client)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST":
        if version is None:
            raise Http404("No plan yet")
        if form.is_valid():
            try:
                suggest(
                    client,
                    version,
                    section=form.cleaned_data["section"],
                    text=form.cleaned_data["text"],
                    by=request.user,
                    request=request,
                )
            except SuggestionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Thank you. Your clinician will look at it."))
                return redirect("portal:plan")
    suggestions = access.scope(PlanSuggestion.objects.all(), request.user, Action.PORTAL)[:10]
    status = 400 if request.method == "POST" else 200
    context = {
        "client": client,
        "plan": version,
        "form": form,
        "suggestions": [(s, SECTIONS.get(s.section, s.section)) for s in suggestions],
    }
    return render_portal(request, "portal/plan.html", context, status=status)


@portal_required
@require_safe
def wallet_card(request):
    from cairn.plans.pdf import wallet_card_pdf

    client = portal_client(request)
    version = panels.current_plan(client)
    if version is None:
        raise Http404("No plan yet")
    record("portal.wallet_card", request=request, obj=version, client_id=client.pk)
    response = HttpResponse(wallet_card_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-plan-wallet-card.pdf"'
    return response
