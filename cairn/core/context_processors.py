from django.conf import settings

from cairn.core.registry import registry


def cairn(request) -> dict:
    """Layout context: the current program, the menu for this user, the idle timeout."""
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff":
        nav = [item for item in registry.nav if item.visible(request)]
    return {
        "program": getattr(request, "program", None),
        "nav_items": nav,
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_MINUTES * 60,
        "debug": settings.DEBUG,
    }
