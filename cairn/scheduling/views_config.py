"""Configuration pages (issue 5, point 1): schedule settings, tracks, the group catalog, rooms
and closures, staff qualifications, hour limits and availability, keep-apart pairs."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.models import User
from cairn.accounts.policy import Action, ProgramAction
from cairn.core.models import Track
from cairn.scheduling import clientdata, configuration
from cairn.scheduling.catalog import QUALIFICATION_LABELS, qualification_choices
from cairn.scheduling.forms import (
    GroupTypeForm,
    KeepApartForm,
    RoomClosureForm,
    RoomForm,
    ScheduleSettingsForm,
    StaffHoursForm,
    StaffProfileForm,
    StaffTimeOffForm,
    TrackForm,
)
from cairn.scheduling.models import (
    GroupType,
    KeepApart,
    Room,
    RoomClosure,
    ScheduleSettings,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)

#: Roles whose holders may run sessions (and so have scheduling details).
SESSION_ROLES = ["clinician", "supervisor", "director", "prescriber"]


def _configure(request):
    return access.program_for(request, ProgramAction.CONFIGURE_PROGRAM)


@staff_required
@require_http_methods(["GET", "POST"])
def settings_home(request):
    program = _configure(request)
    instance = ScheduleSettings.for_program(program)
    form = ScheduleSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        configuration.save_config(
            form, action="schedule_settings", request=request, program_id=program.pk
        )
        messages.success(request, "Schedule settings saved.")
        return redirect("scheduling:settings")
    status = 400 if request.method == "POST" else 200
    counts = {
        "tracks": Track.objects.filter(program=program, active=True).count(),
        "groups": GroupType.objects.filter(program=program, active=True).count(),
        "rooms": Room.objects.filter(program=program, active=True).count(),
        "staff": StaffProfile.objects.filter(program=program, schedulable=True).count(),
    }
    return render(
        request, "scheduling/settings.html", {"form": form, "counts": counts}, status=status
    )


def _edit(request, *, form_class, model, program, obj_id, action, label, list_url):
    instance = get_object_or_404(model, program=program, pk=obj_id) if obj_id else None
    form = form_class(request.POST or None, instance=instance, program=program)
    if request.method == "POST" and form.is_valid():
        configuration.save_config(form, action=action, request=request, program_id=program.pk)
        messages.success(request, f"{label} saved.")
        return redirect(list_url)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "scheduling/config_form.html",
        {"form": form, "editing": instance, "label": label, "list_url": list_url},
        status=status,
    )


@staff_required
@require_safe
def track_list(request):
    program = _configure(request)
    tracks = Track.objects.filter(program=program).order_by("-active", "start_time")
    return render(request, "scheduling/track_list.html", {"tracks": tracks})


@staff_required
@require_http_methods(["GET", "POST"])
def track_edit(request, track_id=None):
    return _edit(
        request,
        form_class=TrackForm,
        model=Track,
        program=_configure(request),
        obj_id=track_id,
        action="track",
        label="Track",
        list_url="scheduling:tracks",
    )


@staff_required
@require_safe
def group_list(request):
    program = _configure(request)
    groups = GroupType.objects.filter(program=program).order_by("-active", "name")
    return render(
        request,
        "scheduling/group_list.html",
        {"groups": groups, "qualifications": dict(qualification_choices(program))},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def group_edit(request, group_type_id=None):
    return _edit(
        request,
        form_class=GroupTypeForm,
        model=GroupType,
        program=_configure(request),
        obj_id=group_type_id,
        action="group_type",
        label="Group type",
        list_url="scheduling:groups",
    )


@staff_required
@require_POST
def group_load_catalog(request):
    program = _configure(request)
    added = configuration.load_catalog(program, request=request)
    messages.success(
        request,
        f"Added {added} group type{'s' if added != 1 else ''} from the standard catalog."
        if added
        else "Every group type of the standard catalog is already here.",
    )
    return redirect("scheduling:groups")


@staff_required
@require_safe
def room_list(request):
    program = _configure(request)
    rooms = (
        Room.objects.filter(program=program)
        .prefetch_related("closures")
        .order_by("-active", "name")
    )
    return render(request, "scheduling/room_list.html", {"rooms": rooms})


@staff_required
@require_http_methods(["GET", "POST"])
def room_edit(request, room_id=None):
    program = _configure(request)
    room = get_object_or_404(Room, program=program, pk=room_id) if room_id else None
    form = RoomForm(request.POST or None, instance=room, program=program)
    if request.method == "POST" and form.is_valid():
        configuration.save_config(form, action="room", request=request, program_id=program.pk)
        messages.success(request, "Room saved.")
        return redirect("scheduling:rooms")
    return _room_page(
        request, form, room, RoomClosureForm(), 400 if request.method == "POST" else 200
    )


def _room_page(request, form, room, closure_form, status):
    closures = room.closures.all() if room else []
    return render(
        request,
        "scheduling/room_form.html",
        {"form": form, "editing": room, "closure_form": closure_form, "closures": closures},
        status=status,
    )


@staff_required
@require_POST
def room_closure_add(request, room_id):
    program = _configure(request)
    room = get_object_or_404(Room, program=program, pk=room_id)
    form = RoomClosureForm(request.POST, instance=RoomClosure(room=room))
    if form.is_valid():
        configuration.save_config(
            form, action="room_closure", request=request, program_id=program.pk
        )
        messages.success(request, "Closure added.")
        return redirect("scheduling:room_edit", room_id=room.pk)
    return _room_page(request, RoomForm(instance=room, program=program), room, form, 400)


@staff_required
@require_POST
def room_closure_delete(request, closure_id):
    program = _configure(request)
    closure = get_object_or_404(RoomClosure, room__program=program, pk=closure_id)
    room_id = closure.room_id
    configuration.delete_config(
        closure, action="room_closure", request=request, program_id=program.pk
    )
    messages.success(request, "Closure removed.")
    return redirect("scheduling:room_edit", room_id=room_id)


def _program_staff(program):
    """Staff who may run sessions in the program (care roles and the director)."""
    return User.objects.filter(
        kind=User.Kind.STAFF,
        role_assignments__program=program,
        role_assignments__role__in=SESSION_ROLES,
    ).distinct()


@staff_required
@require_safe
def staff_list(request):
    program = _configure(request)
    people = (
        _program_staff(program)
        .prefetch_related(
            Prefetch(
                "staff_profiles",
                queryset=StaffProfile.objects.filter(program=program).prefetch_related("hours"),
                to_attr="profiles_here",
            )
        )
        .order_by("last_name", "first_name")
    )
    rows = [{"person": p, "profile": (p.profiles_here or [None])[0]} for p in people]
    return render(
        request,
        "scheduling/staff_list.html",
        {
            "rows": rows,
            "labels": QUALIFICATION_LABELS,
            "defaults": ScheduleSettings.for_program(program),
        },
    )


def _staff_page(request, program, person, *, form=None, hours_form=None, off_form=None, status=200):
    profile = StaffProfile.objects.filter(program=program, user=person).first()
    if form is None:
        initial = (
            {}
            if profile
            else {
                "qualifications": ["group", "individual", "family"],
                "max_hours": ScheduleSettings.for_program(program).staff_max_hours,
            }
        )
        form = StaffProfileForm(instance=profile, program=program, initial=initial)
    return render(
        request,
        "scheduling/staff_form.html",
        {
            "person": person,
            "profile": profile,
            "form": form,
            "hours": profile.hours.all() if profile else [],
            "time_off": profile.time_off.all() if profile else [],
            "hours_form": hours_form or StaffHoursForm(),
            "off_form": off_form or StaffTimeOffForm(),
        },
        status=status,
    )


def _person(program, user_id) -> User:
    return get_object_or_404(_program_staff(program), pk=user_id)


def _profile(program, person) -> StaffProfile:
    profile = StaffProfile.objects.filter(program=program, user=person).first()
    if profile is None:
        settings = ScheduleSettings.for_program(program)
        profile = StaffProfile.objects.create(
            program=program,
            user=person,
            qualifications=["group", "individual", "family"],
            max_hours=settings.staff_max_hours,
        )
    return profile


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, user_id):
    program = _configure(request)
    person = _person(program, user_id)
    if request.method == "GET":
        return _staff_page(request, program, person)
    instance = StaffProfile.objects.filter(program=program, user=person).first()
    instance = instance or StaffProfile(program=program, user=person)
    form = StaffProfileForm(request.POST, instance=instance, program=program)
    if form.is_valid():
        configuration.save_config(
            form, action="staff_profile", request=request, program_id=program.pk
        )
        messages.success(request, f"Saved {person.display_name}'s scheduling details.")
        return redirect("scheduling:staff_edit", user_id=person.pk)
    return _staff_page(request, program, person, form=form, status=400)


@staff_required
@require_POST
def staff_hours_add(request, user_id):
    program = _configure(request)
    person = _person(program, user_id)
    form = StaffHoursForm(request.POST)
    if form.is_valid():
        form.instance.profile = _profile(program, person)
        configuration.save_config(
            form, action="staff_hours", request=request, program_id=program.pk
        )
        messages.success(request, "Working hours added.")
        return redirect("scheduling:staff_edit", user_id=person.pk)
    return _staff_page(request, program, person, hours_form=form, status=400)


@staff_required
@require_POST
def staff_time_off_add(request, user_id):
    program = _configure(request)
    person = _person(program, user_id)
    form = StaffTimeOffForm(request.POST)
    if form.is_valid():
        form.instance.profile = _profile(program, person)
        configuration.save_config(
            form, action="staff_time_off", request=request, program_id=program.pk
        )
        messages.success(request, "Time off added.")
        return redirect("scheduling:staff_edit", user_id=person.pk)
    return _staff_page(request, program, person, off_form=form, status=400)


@staff_required
@require_POST
def staff_hours_delete(request, availability_id):
    program = _configure(request)
    row = get_object_or_404(StaffAvailability, profile__program=program, pk=availability_id)
    user_id = row.profile.user_id
    configuration.delete_config(row, action="staff_hours", request=request, program_id=program.pk)
    messages.success(request, "Working hours removed.")
    return redirect("scheduling:staff_edit", user_id=user_id)


@staff_required
@require_POST
def staff_time_off_delete(request, time_off_id):
    program = _configure(request)
    row = get_object_or_404(StaffTimeOff, profile__program=program, pk=time_off_id)
    user_id = row.profile.user_id
    configuration.delete_config(
        row, action="staff_time_off", request=request, program_id=program.pk
    )
    messages.success(request, "Time off removed.")
    return redirect("scheduling:staff_edit", user_id=user_id)


# --- keep-apart pairs (client data: the director's, through the door) -------------------------


def _schedulable_clients(request, program):
    return access.clients_for(request.user, Action.SCHEDULE_CLIENT).filter(
        program=program, status="active"
    )


@staff_required
@require_http_methods(["GET", "POST"])
def keep_apart_list(request):
    program = access.program_for(request, ProgramAction.MANAGE_SCHEDULE)
    form = KeepApartForm(request.POST or None, clients=_schedulable_clients(request, program))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                configuration.keep_apart(
                    program,
                    data["first"],
                    data["second"],
                    reason=data["reason"],
                    note=data["note"],
                    by=request.user,
                    request=request,
                )
            except configuration.ConfigurationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "They will never be booked into the same group.")
                return redirect("scheduling:keep_apart")
        status = 400
    action = Action.SCHEDULE_CLIENT
    pairs = access.scope(clientdata.active_pairs(program), request.user, action, via="client_a")
    pairs = access.scope(pairs, request.user, action, via="client_b")
    return render(
        request, "scheduling/keep_apart.html", {"form": form, "pairs": pairs}, status=status
    )


@staff_required
@require_POST
def keep_apart_end(request, pair_id):
    program = access.program_for(request, ProgramAction.MANAGE_SCHEDULE)
    pair = access.owned_for(request, KeepApart, pair_id, Action.SCHEDULE_CLIENT, via="client_a")
    if pair.program_id != program.pk:
        raise Http404("Not found")
    access.client_for(request, pair.client_b_id, Action.SCHEDULE_CLIENT)
    configuration.end_keep_apart(pair, by=request.user, request=request)
    messages.success(request, "The pair is no longer kept apart.")
    return redirect("scheduling:keep_apart")
