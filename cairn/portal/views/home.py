"""The portal home (phone first): next sessions with telehealth links, today's check-in, what
other apps plug in (homework, questionnaires), the relapse-prevention plan's zones; crisis help
is in the layout. A family member's home: education and the family-session schedule."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from django_otp import user_has_device

from cairn.accounts.decorators import portal_required
from cairn.portal import panels, preferences
from cairn.portal.door import family_access, portal_client
from cairn.portal.layout import render_portal
from cairn.portal.registry import home_panels_for


@portal_required
@require_safe
def home(request):
    if request.user.kind == request.user.Kind.FAMILY:
        return _family_home(request)
    client = portal_client(request)
    context = {
        "client": client,
        "sessions": panels.next_sessions(client),
        "checkin": panels.todays_checkin(client),
        "plan": panels.current_plan(client),
        "panels": home_panels_for(request, client),
        "has_two_step": user_has_device(request.user, confirmed=True),
    }
    return render_portal(request, "portal/home.html", context)


def _family_home(request):
    client, decision = family_access(request)
    allowed = bool(decision)
    context = {
        "client": client,
        "allowed": allowed,
        "reason": getattr(decision, "reason", ""),
        "sessions": panels.next_sessions(client, kind="family", limit=10) if allowed else [],
        "panels": home_panels_for(request, client) if allowed else [],
    }
    return render_portal(request, "portal/family_home.html", context)


@login_not_required
@require_POST
def language(request):
    """Switch the portal's language: stored on a portal user, else in the session."""
    preferences.set_language(request, request.POST.get("language", ""))
    target = request.POST.get("next") or "/portal/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/portal/"
    return redirect(target)
