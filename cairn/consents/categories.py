"""The registry of record categories: what each kind of information contains, supplied by the
app that keeps those records.

A **provider** is a function ``provider(client, period) -> Content``:

- ``client`` has already been authorized by the door (``access.client_for``) for the action at
  hand (releasing records, exporting the record); the provider reads only that client's rows;
- ``period`` (a ``Period``) bounds the records by their clinical date (service date, collection
  date…); ``None`` ends are open;
- it returns ``Content``: ``sections`` for the PDF (tables or entries, plain text only — the
  templates escape it), ``records`` for the record export (one dict per record, shaped like a
  FHIR resource: ``resourceType``, ``id`` and fields; see EXPORT_FORMAT.md), and ``references``
  (``"app.model:pk"`` of every record included — a disclosure keeps them as its manifest).

It must make a fixed number of queries whatever the amount of data, include only signed or
final records (never drafts), and leave out records entered in error.

Apps register in their ``AppConfig.ready()``::

    from cairn.consents.categories import register_provider
    register_provider("attendance", attendance_provider)

Until an app registers its own, the consents app registers *interim* providers for the apps
that exist (see ``providers/``); the owning app's registration replaces an interim one
whatever the order of ``ready()`` calls.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured

from cairn.consents.vocabulary import CATEGORIES, ordered


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None

    def contains(self, day: date | None) -> bool:
        if day is None:
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """Does [start, end] (open ends None) meet the period?"""
        return (self.end is None or start is None or start <= self.end) and (
            self.start is None or end is None or end >= self.start
        )

    @property
    def label(self) -> str:
        if self.start and self.end:
            return f"{self.start:%b %-d, %Y} to {self.end:%b %-d, %Y}"
        if self.start:
            return f"from {self.start:%b %-d, %Y}"
        if self.end:
            return f"up to {self.end:%b %-d, %Y}"
        return "all dates"


@dataclass
class Entry:
    """One record shown as a heading, short facts and paragraphs (a note, for instance)."""

    heading: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    note: str = ""
    table: Table | None = None
    entries: list[Entry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.entries or (self.table and self.table.rows))


@dataclass
class Content:
    sections: list[Section] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.references)


Provider = Callable[..., Content]


@dataclass(frozen=True)
class _Registration:
    provider: Provider
    interim: bool
    source: str


_providers: dict[str, _Registration] = {}


def register_provider(key: str, provider: Provider, *, interim: bool = False, source: str = ""):
    """Register the provider of one category. An interim provider never replaces a real one;
    a real one replaces an interim one; two real providers for one category are a mistake."""
    if key not in CATEGORIES:
        raise ImproperlyConfigured(f"Unknown record category {key!r}: one of {sorted(CATEGORIES)}")
    current = _providers.get(key)
    if current is not None and current.provider is not provider:
        if not current.interim and not interim:
            raise ImproperlyConfigured(
                f"Two providers for {key!r}: {current.source or current.provider} and "
                f"{source or provider}"
            )
        if interim:
            return
    _providers[key] = _Registration(provider, interim, source)


def provider_for(key: str) -> Provider | None:
    registration = _providers.get(key)
    return registration.provider if registration else None


def is_interim(key: str) -> bool:
    registration = _providers.get(key)
    return bool(registration and registration.interim)


def available(keys) -> list[str]:
    """The keys among ``keys`` that some app can supply."""
    return [k for k in ordered(keys) if k in _providers]


def collect(client, keys, period: Period) -> dict[str, Content]:
    """Content for each category in ``keys`` (the consent form's order). A category nobody
    supplies yet comes back empty, with a section saying so."""
    found: dict[str, Content] = {}
    for key in ordered(keys):
        provider = provider_for(key)
        if provider is None:
            found[key] = Content(
                sections=[
                    Section(
                        CATEGORIES[key].label,
                        note="Cairn does not keep this kind of record yet; nothing was included.",
                    )
                ]
            )
        else:
            found[key] = provider(client, period)
    return found
