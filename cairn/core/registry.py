"""Where apps plug into the shared layout: the navigation, the client chart's tabs and header
facts, and the staff home page's panels. Each app registers its entries in
``AppConfig.ready()``, so the layout needs no edits when an app is added."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    """A top-level menu entry, shown when ``visible(request)`` says so."""

    label: str
    url_name: str
    visible: Callable
    order: int = 50
    match: str = ""  # path prefix that marks the entry as the current page, e.g. "/notes/"

    def is_current(self, path: str) -> bool:
        """A prefix test: "/notes/" marks /notes/… but not a chart's /clients/7/notes/."""
        return bool(self.match) and path.startswith(self.match)


@dataclass(frozen=True)
class ChartTab:
    """A tab of the client chart: a view taking ``client_id``, shown when the user may take
    ``action`` (an accounts.policy.Action) on the client."""

    label: str
    url_name: str
    action: str
    order: int = 50


@dataclass(frozen=True)
class HomePanel:
    """A panel on the staff home page. ``render(request)`` returns HTML or "" to hide it."""

    key: str
    render: Callable
    order: int = 50


@dataclass(frozen=True)
class HeaderFact:
    """A fact in the client chart's header (e.g. "Days since recovery date 41").
    ``render(request, client, episode)`` returns ``(label, value)`` or ``None`` to show nothing;
    ``episode`` is the active episode or ``None``. It runs on every chart page: a fixed number
    of queries (one, ideally). Shown only to users who may take ``action`` (an
    accounts.policy.Action; empty: everyone who sees the chart)."""

    render: Callable
    action: str = ""
    order: int = 50


@dataclass
class _Registry:
    nav: list[NavItem] = field(default_factory=list)
    chart_tabs: list[ChartTab] = field(default_factory=list)
    home_panels: list[HomePanel] = field(default_factory=list)
    header_facts: list[HeaderFact] = field(default_factory=list)


registry = _Registry()


def add_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in registry.nav):
        registry.nav.append(item)
        registry.nav.sort(key=lambda i: i.order)


def add_chart_tab(tab: ChartTab) -> None:
    if all(existing.url_name != tab.url_name for existing in registry.chart_tabs):
        registry.chart_tabs.append(tab)
        registry.chart_tabs.sort(key=lambda t: t.order)


def add_home_panel(panel: HomePanel) -> None:
    if all(existing.key != panel.key for existing in registry.home_panels):
        registry.home_panels.append(panel)
        registry.home_panels.sort(key=lambda p: p.order)


def add_header_fact(render: Callable, *, action: str = "", order: int = 50) -> None:
    """Add a fact to the chart header: ``render(request, client, episode)`` → ``(label, value)``
    or ``None``."""
    if all(existing.render is not render for existing in registry.header_facts):
        registry.header_facts.append(HeaderFact(render, action, order))
        registry.header_facts.sort(key=lambda f: f.order)
