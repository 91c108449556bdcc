"""The staff home page's "Suggestions from the portal" panel: clients' suggested edits to their
relapse-prevention plans waiting for someone who may accept them (WRITE_CLINICAL)."""

from django.template.loader import render_to_string

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.portal.models import PlanSuggestion
from cairn.portal.suggestions import SECTIONS

PANEL_LIMIT = 6


def suggestions_panel(request) -> str:
    """One query (two when the panel is full): the oldest waiting suggestions first."""
    if not request.user.is_staff_user:
        return ""
    waiting = access.scope(PlanSuggestion.objects.all(), request.user, Action.WRITE_CLINICAL)
    waiting = waiting.filter(status=PlanSuggestion.Status.PENDING)
    rows = list(waiting.select_related("client").order_by("created_at")[:PANEL_LIMIT])
    if not rows:
        return ""
    total = waiting.count() if len(rows) == PANEL_LIMIT else len(rows)
    items = [(row, SECTIONS.get(row.section, row.section)) for row in rows]
    return render_to_string(
        "portal/staff/_suggestions_panel.html", {"items": items, "total": total}, request=request
    )
