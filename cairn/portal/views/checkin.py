"""The daily check-in (issue 11.3): under a minute, on a phone."""

from django.views.decorators.http import require_http_methods

from cairn.accounts.decorators import portal_required
from cairn.portal.door import portal_client
from cairn.portal.layout import render_portal


@portal_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    client = portal_client(request)
    return render_portal(request, "portal/checkin.html", {"client": client})
