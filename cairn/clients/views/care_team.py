"""The care team page: who is on the client's care team, adding and removing people, changing
the primary clinician (``clients/care_team.py`` holds the rules)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients import care_team
from cairn.clients.chart import active_episode, render_chart
from cairn.clients.forms import AddTeamMemberForm, PrimaryClinicianForm
from cairn.clients.models import CareTeamMember
from cairn.clients.views.registration import _nested


def _forms(client, data=None, *, which=""):
    program = client.program
    on_team = client.care_team.filter(active=True).values("user_id")
    episode = active_episode(client)
    add = AddTeamMemberForm(
        data if which == "add" else None,
        staff=care_team.team_candidates(program).exclude(pk__in=on_team),
        initial={"role": CareTeamMember.TeamRole.CLINICIAN},
        prefix="add",
    )
    primary = PrimaryClinicianForm(
        data if which == "primary" else None,
        staff=care_team.primary_candidates(program),
        initial={"version": episode.version if episode else 0},
        prefix="primary",
    )
    return add, primary


def _page(request, client, add_form, primary_form, status=200):
    return render_chart(
        request,
        client,
        "clients/care_team.html",
        {
            "members": care_team.members(client),
            "former": list(care_team.former_members(client)[:20]),
            "add_form": add_form,
            "primary_form": primary_form,
            "current_tab": "clients:chart",
        },
        status=status,
    )


@staff_required
@require_safe
def care_team_page(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_EPISODE)
    return _page(request, client, *_forms(client))


@staff_required
@require_POST
def care_team_add(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_EPISODE)
    add_form, primary_form = _forms(client, request.POST, which="add")
    if add_form.is_valid():
        data = add_form.cleaned_data
        try:
            care_team.add_member(
                client, data["user"], data["role"], by=request.user, request=request
            )
        except ValidationError as error:
            add_form.add_error(None, error)
        else:
            messages.success(request, f"Added {data['user'].display_name} to the care team.")
            return redirect("clients:care_team", client_id=client.pk)
    return _page(request, client, add_form, primary_form, status=400)


@staff_required
@require_POST
def care_team_primary(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_EPISODE)
    add_form, primary_form = _forms(client, request.POST, which="primary")
    if primary_form.is_valid():
        user = primary_form.cleaned_data["user"]
        try:
            care_team.change_primary(
                client,
                user,
                by=request.user,
                expected_version=primary_form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as error:
            primary_form.add_error(None, error)
        else:
            messages.success(request, f"{user.display_name} is now the primary clinician.")
            return redirect("clients:care_team", client_id=client.pk)
    return _page(request, client, add_form, primary_form, status=400)


@staff_required
@require_POST
def care_team_remove(request, client_id, team_member_id):
    member = _nested(request, CareTeamMember, team_member_id, client_id, Action.MANAGE_EPISODE)
    client = member.door_client
    try:
        care_team.remove_member(member, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("clients:care_team", client_id=client.pk)
    messages.success(request, f"Removed {member.user.display_name} from the care team.")
    if member.user_id == request.user.pk:  # their own care-team access has just ended
        return redirect("clients:census")
    return redirect("clients:care_team", client_id=client.pk)
