from django.conf import settings

from cairn.core.registry import registry


def cairn(request) -> dict:
    """Layout context: the current program, the menu for this user (each entry with
    ``current`` set for the page it marks), the idle timeout."""
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff":
        nav = [
            {
                "label": item.label,
                "url_name": item.url_name,
                "current": item.is_current(request.path),
            }
            for item in registry.nav
            if item.visible(request)
        ]
    return {
        "program": getattr(request, "program", None),
        "nav_items": nav,
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_MINUTES * 60,
        "debug": settings.DEBUG,
    }
