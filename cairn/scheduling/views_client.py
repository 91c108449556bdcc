"""A client's schedule tab: their week, when they can't come, what their week needs, make-up
seats when they are short of hours, and the calendar link for their portal."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, SessionAction
from cairn.clients.chart import active_episode, render_chart
from cairn.scheduling import calendars, clientdata, configuration, feeds, makeup, operations
from cairn.scheduling.forms import ClientNeedsForm, ClientUnavailabilityForm
from cairn.scheduling.models import ClientUnavailability
from cairn.scheduling.weeks import week_of


def _page(request, client, *, form=None, needs_form=None, token=None, status=200):
    program = client.program
    week = week_of(program, request.GET.get("week"))
    sessions = calendars.in_week(clientdata.booked_sessions(client), program, week)
    can_schedule = Action.SCHEDULE_CLIENT in client.allowed_actions
    short = makeup.shortfalls(program, week, client_ids=[client.pk]).get(client.pk)
    pairs = list(clientdata.pairs_of(client))
    visible = set(
        access.clients_for(request.user, Action.VIEW_DEMOGRAPHICS)
        .filter(pk__in=[p.other(client.pk) for p in pairs])
        .values_list("pk", flat=True)
    )
    context = {
        "week": week,
        "days": calendars.by_day(list(sessions), week),
        "episode": active_episode(client),
        "rows": clientdata.unavailability(client),
        "form": form or ClientUnavailabilityForm(),
        "needs_form": needs_form or ClientNeedsForm(instance=clientdata.needs(client)),
        "can_schedule": can_schedule,
        "short": short,
        "offers": makeup.offers(client, week) if short and can_schedule else [],
        "pairs": [
            {
                "pair": p,
                "other": p.client_b if p.client_a_id == client.pk else p.client_a,
                "visible": p.other(client.pk) in visible,
            }
            for p in pairs
        ],
        "feed": clientdata.active_feed(client),
        "feed_token": token,
    }
    return render_chart(request, client, "scheduling/client_schedule.html", context, status=status)


@staff_required
@require_safe
def client_schedule(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_DEMOGRAPHICS, audit="schedule.view")
    return _page(request, client)


@staff_required
@require_POST
def unavailability_add(request, client_id):
    client = access.client_for(request, client_id, Action.SCHEDULE_CLIENT)
    form = ClientUnavailabilityForm(
        request.POST, instance=ClientUnavailability(client=client, created_by=request.user)
    )
    if form.is_valid():
        configuration.save_config(
            form, action="client_unavailability", request=request, client_id=client.pk
        )
        messages.success(request, "Saved. The weekly plan will keep this time free.")
        return redirect("scheduling:client_schedule", client_id=client.pk)
    return _page(request, client, form=form, status=400)


@staff_required
@require_POST
def unavailability_delete(request, client_id, unavailability_id):
    client = access.client_for(request, client_id, Action.SCHEDULE_CLIENT)
    row = access.owned_for(request, ClientUnavailability, unavailability_id, Action.SCHEDULE_CLIENT)
    if row.client_id != client.pk:
        raise Http404("Not found")
    configuration.delete_config(
        row, action="client_unavailability", request=request, client_id=client.pk
    )
    messages.success(request, "Removed.")
    return redirect("scheduling:client_schedule", client_id=client.pk)


@staff_required
@require_POST
def needs_save(request, client_id):
    client = access.client_for(request, client_id, Action.SCHEDULE_CLIENT)
    form = ClientNeedsForm(request.POST, instance=clientdata.needs(client))
    if form.is_valid():
        configuration.save_config(
            form, action="client_schedule_needs", request=request, client_id=client.pk
        )
        messages.success(request, "Saved. The next weekly plan will use these.")
        return redirect("scheduling:client_schedule", client_id=client.pk)
    return _page(request, client, needs_form=form, status=400)


@staff_required
@require_POST
def makeup_book(request, client_id, session_id):
    """Book an offered make-up seat (the operation re-checks every conflict)."""
    client = access.client_for(request, client_id, Action.SCHEDULE_CLIENT)
    session = access.session_for(request, session_id, SessionAction.VIEW)
    if session.program_id != client.program_id or session.kind != "group":
        messages.error(request, "That session cannot take this client.")
        return redirect("scheduling:client_schedule", client_id=client.pk)
    try:
        operations.add_client(session, client, by=request.user, request=request, makeup=True)
    except operations.ScheduleConflict as error:
        messages.error(request, "Not booked: " + " ".join(error.reasons))
    else:
        messages.success(request, f"Booked into {session.label} as a make-up session.")
    return redirect("scheduling:client_schedule", client_id=client.pk)


@staff_required
@require_POST
def client_feed(request, client_id):
    """Issue (or with ``revoke``, end) the client's private calendar link for their portal."""
    client = access.client_for(request, client_id, Action.SCHEDULE_CLIENT)
    if request.POST.get("revoke"):
        for feed in clientdata.client_feeds(client):
            feeds.revoke_feed(feed, by=request.user, request=request)
        messages.success(request, "The calendar link no longer works.")
        return redirect("scheduling:client_schedule", client_id=client.pk)
    _, token = feeds.issue_feed(client.program, client=client, by=request.user, request=request)
    return _page(request, client, token=token)
