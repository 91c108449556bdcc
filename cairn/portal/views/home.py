"""The portal home (phone first): next sessions, today's check-in, what other apps plug in
(homework, questionnaires), the relapse-prevention plan's zones; crisis help in the layout."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts.decorators import portal_required
from cairn.portal.door import portal_client
from cairn.portal.layout import render_portal
from cairn.portal.registry import home_panels_for


@portal_required
@require_safe
def home(request):
    client = portal_client(request)
    panels = home_panels_for(request, client)
    return render_portal(request, "portal/home.html", {"client": client, "panels": panels})


@login_not_required
@require_POST
def language(request):
    """Switch the portal's language: stored on a portal user, else in the session."""
    from cairn.portal import preferences

    preferences.set_language(request, request.POST.get("language", ""))
    target = request.POST.get("next") or "/portal/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/portal/"
    return redirect(target)
