"""Rendering a portal page: the layout's context (the person's name, the portal menu, the
crisis line and the program's phone number) added to the page's own.

Every portal page (this app's and other apps' portal pages) renders with ``render_portal`` and
extends ``portal/base.html``."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from cairn.portal.registry import nav_for

#: The national Suicide & Crisis Lifeline (call or text 988, in English and Spanish).
CRISIS_LINE = "988"


def portal_context(request) -> dict:
    user = request.user
    program = getattr(request, "program", None)
    client = getattr(user, "client", None) if user.is_authenticated else None
    if user.is_authenticated and user.kind == user.Kind.CLIENT and client is not None:
        name = client.preferred_name or client.first_name
    elif user.is_authenticated:
        name = user.get_full_name() or user.username
    else:
        name = ""
    return {
        "portal_person_name": name,
        "portal_nav": nav_for(request) if user.is_authenticated else [],
        "crisis_line": CRISIS_LINE,
        "program_phone": getattr(program, "phone", "") or "",
        "program_name": getattr(program, "name", "") or "",
        "portal_languages": [
            (code, label)
            for code, label in settings.LANGUAGES
            if code != (translation.get_language() or "en")[:2]
        ],
    }


def render_portal(request, template: str, context: dict | None = None, status: int = 200):
    return render(request, template, {**portal_context(request), **(context or {})}, status=status)
