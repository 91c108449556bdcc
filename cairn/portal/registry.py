"""Where other apps plug into the portal: its navigation and its home page's panels.

The portal's own entries (Home, Check-in, Plan) are registered in ``PortalConfig.ready()``;
another app (homework, questionnaires…) adds its own in its ``AppConfig.ready()``::

    from django.utils.translation import gettext_lazy as _
    from cairn.portal.registry import add_portal_home_panel, add_portal_nav

    add_portal_nav(_("Homework"), "homework:portal_list", order=40, match="/portal/homework/")
    add_portal_home_panel("homework_due", render_due_homework, order=30)

``render(request, client)`` gets the portal user's own client, already through the door
(``cairn.portal.door.portal_client``), and returns HTML (``render_to_string``) or "" to hide
the panel. Labels should be lazy translations so they follow the user's language.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

CLIENT = "client"
FAMILY = "family"


@dataclass(frozen=True)
class PortalNavItem:
    label: str
    url_name: str
    order: int = 50
    match: str = ""  # path prefix marking the entry current, e.g. "/portal/check-in/"
    kinds: tuple[str, ...] = (CLIENT,)  # which portal users see it: "client", "family"

    def is_current(self, path: str) -> bool:
        """A prefix test; a match ending in "$" is exact (the home page, "/portal/$")."""
        if self.match.endswith("$"):
            return path == self.match[:-1]
        return bool(self.match) and path.startswith(self.match)


@dataclass(frozen=True)
class PortalHomePanel:
    key: str
    render: Callable  # (request, client) -> str
    order: int = 50
    kinds: tuple[str, ...] = (CLIENT,)


@dataclass
class _PortalRegistry:
    nav: list[PortalNavItem] = field(default_factory=list)
    home_panels: list[PortalHomePanel] = field(default_factory=list)


registry = _PortalRegistry()


def add_portal_nav(
    label, url_name: str, *, order: int = 50, match: str = "", kinds=(CLIENT,)
) -> None:
    """A portal menu entry (idempotent per ``url_name``)."""
    if all(item.url_name != url_name for item in registry.nav):
        registry.nav.append(PortalNavItem(label, url_name, order, match, tuple(kinds)))
        registry.nav.sort(key=lambda i: i.order)


def add_portal_home_panel(key: str, render: Callable, order: int = 50, kinds=(CLIENT,)) -> None:
    """A panel on the portal home page (idempotent per ``key``)."""
    if all(panel.key != key for panel in registry.home_panels):
        registry.home_panels.append(PortalHomePanel(key, render, order, tuple(kinds)))
        registry.home_panels.sort(key=lambda p: p.order)


def nav_for(request) -> list[dict]:
    kind = getattr(request.user, "kind", "")
    return [
        {"label": item.label, "url_name": item.url_name, "current": item.is_current(request.path)}
        for item in registry.nav
        if kind in item.kinds
    ]


def home_panels_for(request, client) -> list[str]:
    kind = getattr(request.user, "kind", "")
    rendered = (p.render(request, client) for p in registry.home_panels if kind in p.kinds)
    return [html for html in rendered if html]
