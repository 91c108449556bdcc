from django.conf import settings

from cairn.core.registry import registry


def cairn(request) -> dict:
    """Layout context: the current program, the menu for this user (each entry with
    ``current`` set for the page it marks), the idle timeout. The menu is worked out once a
    request: the staff home renders a template per panel, each running this processor."""
    nav = getattr(request, "_cairn_nav", None)
    if nav is None:
        nav = request._cairn_nav = _nav(request)
    return {
        "program": getattr(request, "program", None),
        "nav_items": nav,
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_MINUTES * 60,
        "debug": settings.DEBUG,
    }


def _nav(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "kind", "") != "staff":
        return []
    return [
        {
            "label": item.label,
            "url_name": item.url_name,
            "current": item.is_current(request.path),
        }
        for item in registry.nav
        if item.visible(request)
    ]
