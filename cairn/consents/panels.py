"""The director's home panel: emergency disclosures waiting for review."""

from django.template.loader import render_to_string

from cairn.accounts import access
from cairn.accounts.policy import Action, ProgramAction
from cairn.consents import queries
from cairn.consents.models import Disclosure


def review_panel(request) -> str:
    if not access.may(request, ProgramAction.VIEW_AUDIT_REPORT):
        return ""
    program = access.program_for(request, ProgramAction.VIEW_AUDIT_REPORT)
    scoped = access.scope(Disclosure.objects.all(), request.user, Action.VIEW_CLIENT_AUDIT)
    waiting = queries.waiting_review(scoped, program)
    if not waiting:
        return ""
    return render_to_string(
        "consents/panel_review.html",
        {"waiting": waiting[:8], "count": len(waiting)},
        request=request,
    )
