"""The portal on the staff side: the chart's "Portal" tab (check-in trend with a table
alternative, suggested plan edits, portal logins and invitations) and its actions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.clients.models import Contact
from cairn.plans.models.base import PlanRefused
from cairn.portal import checkins, invitations, suggestions
from cairn.portal.forms import DecideForm, InviteForm
from cairn.portal.models import FamilyLink, Invitation, PlanSuggestion


def _chart_context(request, client) -> dict:
    rows = checkins.trend(client)
    contacts = access.scope(Contact.objects.all(), request.user, Action.VIEW_DEMOGRAPHICS)
    logins = list(client.portal_users.order_by("kind", "username"))
    has_login = any(u.kind == u.Kind.CLIENT and u.is_active for u in logins)
    return {
        "checkins": rows,
        "chart_data": {
            "labels": [row.day.isoformat() for row in rows],
            "mood": [row.mood for row in rows],
            "craving": [row.craving for row in rows],
            "sleep": [float(row.sleep_hours) for row in rows],
            "used": [row.used_substance for row in rows],
        },
        "suggestions": list(
            access.scope(PlanSuggestion.objects.filter(client=client), request.user)
            .select_related("created_by", "decided_by", "accepted_into")
            .order_by("status", "-created_at")[:20]
        ),
        "invitations": list(
            access.scope(Invitation.objects.filter(client=client), request.user).select_related(
                "contact", "created_by", "user"
            )[:10]
        ),
        "logins": logins,
        "family_links": list(
            access.scope(FamilyLink.objects.filter(client=client), request.user).select_related(
                "user", "contact"
            )
        ),
        "may_invite": Action.INVITE_TO_PORTAL in client.allowed_actions,
        "may_decide": Action.WRITE_CLINICAL in client.allowed_actions,
        "invite_form": InviteForm(
            contacts=list(contacts.filter(client=client, active=True)), client_has_login=has_login
        ),
        "decide_form": DecideForm(),
        "section_labels": suggestions.SECTIONS,
    }


@staff_required
@require_safe
def chart_tab(request, client_id):
    """The no-check-in rule is also evaluated here, so a silent client is flagged the moment
    anyone opens the tab, whatever the daily command's schedule (checkins.py)."""
    client = access.client_for(request, client_id, Action.VIEW_CHART)
    checkins.check_silence_for(client)
    return render_chart(
        request, client, "portal/staff/chart_tab.html", _chart_context(request, client)
    )


@staff_required
@require_POST
def invite(request, client_id):
    client = access.client_for(request, client_id, Action.INVITE_TO_PORTAL)
    contacts = access.scope(Contact.objects.all(), request.user, Action.VIEW_DEMOGRAPHICS)
    contacts = list(contacts.filter(client=client, active=True))
    form = InviteForm(request.POST, contacts=contacts)
    if not form.is_valid():
        context = {**_chart_context(request, client), "invite_form": form}
        return render_chart(request, client, "portal/staff/chart_tab.html", context, status=400)
    who = form.cleaned_data["who"]
    contact = None
    kind = Invitation.Kind.CLIENT
    if who.startswith("contact:"):
        kind = Invitation.Kind.FAMILY
        contact = next(c for c in contacts if str(c.pk) == who.removeprefix("contact:"))
    try:
        invitation, code = invitations.invite(
            client,
            by=request.user,
            kind=kind,
            contact=contact,
            email=form.cleaned_data["email"],
            request=request,
        )
    except invitations.InvitationRefused as refusal:
        form.add_error("who", str(refusal))
        context = {**_chart_context(request, client), "invite_form": form}
        return render_chart(request, client, "portal/staff/chart_tab.html", context, status=400)
    context = {**_chart_context(request, client), "new_invitation": invitation, "new_code": code}
    return render_chart(request, client, "portal/staff/chart_tab.html", context)


@staff_required
@require_POST
def decide_suggestion(request, client_id, suggestion_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    suggestion = access.owned_for(request, PlanSuggestion, suggestion_id, Action.WRITE_CLINICAL)
    if suggestion.client_id != client.pk:
        raise Http404("Not found")
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to accept or decline the suggestion.")
        return redirect("portal:chart_tab", client.pk)
    try:
        if form.cleaned_data["decision"] == "accept":
            draft = suggestions.accept(suggestion, by=request.user, request=request)
            messages.success(
                request,
                f"Added to draft version {draft.number} of the relapse-prevention plan. "
                "Review and sign it on the Plans tab.",
            )
        else:
            suggestions.decline(
                suggestion, by=request.user, reply=form.cleaned_data["reply"], request=request
            )
            messages.success(request, "Suggestion declined; the client sees your reply.")
    except (suggestions.SuggestionRefused, PlanRefused) as refusal:
        messages.error(request, str(refusal) or "The plan could not be changed just now.")
    return redirect("portal:chart_tab", client.pk)
