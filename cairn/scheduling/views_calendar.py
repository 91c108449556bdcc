"""Week calendars by clinician, room and track, and one session's page (issue 5, point 5)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.models import User
from cairn.accounts.policy import ProgramAction, SessionAction
from cairn.core.models import Track
from cairn.scheduling import calendars
from cairn.scheduling.models import Room, Session
from cairn.scheduling.weeks import week_of

#: A week view lists at most this many sessions; a bigger program picks a track, room or person.
MAX_LISTED = 400


def _week_page(request, program, week, sessions, *, title, kind, subject=None, extra=None):
    sessions = list(sessions[: MAX_LISTED + 1])
    too_many = len(sessions) > MAX_LISTED
    context = {
        "week": week,
        "days": calendars.by_day([] if too_many else sessions, week),
        "summary": calendars.summary(sessions),
        "too_many": too_many,
        "title": title,
        "view_kind": kind,
        "subject": subject,
        "can_manage": access.may(request, ProgramAction.MANAGE_SCHEDULE),
        "can_configure": access.may(request, ProgramAction.CONFIGURE_PROGRAM),
        "rooms": Room.objects.filter(program=program, active=True),
        "tracks": Track.objects.filter(program=program, active=True),
        **(extra or {}),
    }
    return render(request, "scheduling/week.html", context)


@staff_required
@require_safe
def schedule_home(request):
    """The program's week: every session the user may see, with the planning entry point."""
    program = access.program_for(request, ProgramAction.VIEW_SCHEDULE)
    week = week_of(program, request.GET.get("week"))
    sessions = calendars.in_week(access.sessions_for(request.user), program, week)
    track = request.GET.get("track")
    return _week_page(
        request,
        program,
        week,
        sessions,
        title="Program schedule",
        kind="program",
        extra={"track_filter": track},
    )


@staff_required
@require_safe
def my_week(request):
    access.program_for(request, ProgramAction.VIEW_SCHEDULE)
    url = redirect("scheduling:staff_week", user_id=request.user.pk).url
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@staff_required
@require_safe
def staff_week(request, user_id):
    program = access.program_for(request, ProgramAction.VIEW_SCHEDULE)
    person = get_object_or_404(
        User.objects.filter(kind=User.Kind.STAFF, role_assignments__program=program).distinct(),
        pk=user_id,
    )
    week = week_of(program, request.GET.get("week"))
    sessions = calendars.in_week(
        access.sessions_for(request.user).filter(facilitator=person), program, week
    )
    mine = person.pk == request.user.pk
    return _week_page(
        request,
        program,
        week,
        sessions,
        title="My week" if mine else person.display_name,
        kind="staff",
        subject=person,
        extra={"mine": mine},
    )


@staff_required
@require_safe
def room_week(request, room_id):
    program = access.program_for(request, ProgramAction.VIEW_SCHEDULE)
    room = get_object_or_404(Room, program=program, pk=room_id)
    week = week_of(program, request.GET.get("week"))
    sessions = calendars.in_week(access.sessions_for(request.user).filter(room=room), program, week)
    return _week_page(request, program, week, sessions, title=room.name, kind="room", subject=room)


@staff_required
@require_safe
def track_week(request, track_id):
    program = access.program_for(request, ProgramAction.VIEW_SCHEDULE)
    track = get_object_or_404(Track, program=program, pk=track_id)
    week = week_of(program, request.GET.get("week"))
    sessions = calendars.in_week(
        access.sessions_for(request.user).filter(track=track), program, week
    )
    return _week_page(
        request, program, week, sessions, title=track.name, kind="track", subject=track
    )


@staff_required
@require_safe
def session_detail(request, session_id):
    session = access.session_for(request, session_id, SessionAction.VIEW)
    allowed = session.allowed_actions
    can_see_roster = SessionAction.VIEW_ROSTER in allowed
    roster = calendars.roster(session) if can_see_roster else []
    return render(
        request,
        "scheduling/session_detail.html",
        {
            "session": session,
            "roster": roster,
            "can_see_roster": can_see_roster,
            "can_manage": SessionAction.MANAGE in allowed,
            "statuses": Session.Status,
        },
    )
