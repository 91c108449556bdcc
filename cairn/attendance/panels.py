"""The attendance panels of the staff home page: today's sessions and attendance alerts."""

from django.template.loader import render_to_string
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import Action, ProgramAction, SessionAction
from cairn.attendance import queries
from cairn.attendance.absences import ALERT_KIND
from cairn.worklist.models import Alert


def todays_sessions(request) -> str:
    """Each of the user's sessions today: roster size, attendance taken or not, the button."""
    program = getattr(request, "program", None)
    if program is None or not access.may(request, ProgramAction.VIEW_ATTENDANCE):
        return ""
    mine = access.sessions_for(request.user, SessionAction.TAKE_ATTENDANCE).filter(
        facilitator=request.user
    )
    now = timezone.now()
    sessions, pending = queries.today_and_pending(mine, program, now=now)
    return render_to_string(
        "attendance/_today_panel.html",
        {"sessions": sessions, "pending": pending, "now": now},
        request=request,
    )


def attendance_alerts(request, limit: int = 8) -> str:
    """Open attendance alerts of the clients the user may see in the current program."""
    program = getattr(request, "program", None)
    if program is None or not access.may(request, ProgramAction.VIEW_ATTENDANCE):
        return ""
    alerts = access.scope(
        Alert.objects.filter(kind=ALERT_KIND, resolved_at__isnull=True, program=program),
        request.user,
        Action.VIEW_CHART,
    )
    shown = list(alerts.select_related("client").order_by("-raised_at")[: limit + 1])
    if not shown:
        return ""
    return render_to_string(
        "attendance/_alerts_panel.html",
        {"alerts": shown[:limit], "more": len(shown) > limit},
        request=request,
    )
