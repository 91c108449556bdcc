"""The client's relapse-prevention plan (issue 11.6): view, suggest edits, wallet card."""

from django.views.decorators.http import require_safe

from cairn.accounts.decorators import portal_required
from cairn.portal.door import portal_client
from cairn.portal.layout import render_portal


@portal_required
@require_safe
def plan(request):
    client = portal_client(request)
    return render_portal(request, "portal/plan.html", {"client": client})
