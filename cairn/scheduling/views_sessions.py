"""Adding, moving, cancelling and booking sessions by hand (issue 5, point 4). Every change is
checked for conflicts by the operation and refused with the reasons, changing nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction, SessionAction
from cairn.scheduling import operations
from cairn.scheduling.forms import CancelForm, SessionForm, VersionForm
from cairn.scheduling.operations import ScheduleConflict, SessionChange


def _bookable_clients(request, program):
    return access.clients_for(request.user, Action.SCHEDULE_CLIENT).filter(
        program=program, status="active"
    )


def _change(form: SessionForm) -> SessionChange:
    data = form.cleaned_data
    start, end = form.times()
    return SessionChange(
        kind=data["kind"],
        starts_at=start,
        ends_at=end,
        facilitator=data["facilitator"],
        group_type=data.get("group_type"),
        room=data.get("room"),
        track=data.get("track"),
        mode=data["mode"],
        telehealth_url=data.get("telehealth_url") or "",
        title=data.get("title") or "",
        client_ids=data.get("clients") or [],
    )


def _conflict_page(request, template, context, error: ScheduleConflict):
    return render(request, template, {**context, "conflicts": error.reasons}, status=409)


@staff_required
@require_http_methods(["GET", "POST"])
def session_new(request):
    program = access.program_for(request, ProgramAction.MANAGE_SCHEDULE)
    initial = {"day": request.GET.get("day") or timezone.localdate(timezone=program.tz)}
    form = SessionForm(
        request.POST or None,
        program=program,
        clients=_bookable_clients(request, program),
        initial=initial,
    )
    context = {"form": form, "editing": None}
    if request.method == "POST" and form.is_valid():
        try:
            session = operations.create_session(
                program, _change(form), by=request.user, request=request
            )
        except ScheduleConflict as error:
            return _conflict_page(request, "scheduling/session_form.html", context, error)
        messages.success(request, "Session added. The weekly plan will keep it as it is.")
        return redirect("scheduling:session_detail", session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "scheduling/session_form.html", context, status=status)


def _initial(session) -> dict:
    tz = session.program.tz
    start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
    return {
        "kind": session.kind,
        "group_type": session.group_type_id,
        "title": session.title,
        "day": start.date(),
        "start": start.time(),
        "end": end.time(),
        "facilitator": session.facilitator_id,
        "room": session.room_id,
        "track": session.track_id,
        "mode": session.mode,
        "telehealth_url": session.telehealth_url,
        "version": session.version,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def session_edit(request, session_id):
    session = access.session_for(request, session_id, SessionAction.MANAGE)
    program = session.program
    form = SessionForm(
        request.POST or None, program=program, editing=True, initial=_initial(session)
    )
    context = {"form": form, "editing": session}
    if request.method == "POST" and form.is_valid():
        try:
            operations.change_session(
                session,
                _change(form),
                version=form.cleaned_data.get("version"),
                by=request.user,
                request=request,
            )
        except ScheduleConflict as error:
            return _conflict_page(request, "scheduling/session_form.html", context, error)
        messages.success(request, "Session changed. The weekly plan will keep it as it is.")
        return redirect("scheduling:session_detail", session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "scheduling/session_form.html", context, status=status)


@staff_required
@require_POST
def session_cancel(request, session_id):
    session = access.session_for(request, session_id, SessionAction.MANAGE)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the session is cancelled.")
        return redirect("scheduling:session_detail", session_id=session.pk)
    try:
        operations.cancel_session(
            session,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        )
    except ScheduleConflict as error:
        messages.error(request, " ".join(error.reasons))
    else:
        messages.success(request, "Session cancelled.")
    return redirect("scheduling:session_detail", session_id=session.pk)


@staff_required
@require_POST
def session_book(request, session_id):
    """Add a client (by record number) to the roster."""
    session = access.session_for(request, session_id, SessionAction.MANAGE)
    form = VersionForm(request.POST)
    mrn = request.POST.get("mrn", "").strip()[:20]
    client = _bookable_clients(request, session.program).filter(mrn=mrn).first() if mrn else None
    if not form.is_valid() or client is None:
        messages.error(request, f"No active client with record number “{mrn}” you can book.")
        return redirect("scheduling:session_detail", session_id=session.pk)
    try:
        operations.add_client(
            session, client, version=form.cleaned_data["version"], by=request.user, request=request
        )
    except ScheduleConflict as error:
        messages.error(request, "Not booked: " + " ".join(error.reasons))
    else:
        messages.success(request, f"{client.display_name} booked.")
    return redirect("scheduling:session_detail", session_id=session.pk)


@staff_required
@require_POST
def session_unbook(request, session_id, client_id):
    session = access.session_for(request, session_id, SessionAction.MANAGE)
    client = access.client_for(request, client_id, Action.SCHEDULE_CLIENT)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form was incomplete; nothing changed.")
        return redirect("scheduling:session_detail", session_id=session.pk)
    try:
        operations.remove_client(
            session, client, version=form.cleaned_data["version"], by=request.user, request=request
        )
    except ScheduleConflict as error:
        messages.error(request, " ".join(error.reasons))
    else:
        messages.success(request, f"{client.display_name} taken off the roster.")
    return redirect("scheduling:session_detail", session_id=session.pk)
