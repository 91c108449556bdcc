"""Where the notes app plugs in medication-management notes (issue 10, point 2).

Medication-management notes by prescribers and nurses use the documentation issue's note model,
which the notes app owns; this app builds no note model of its own. The notes app registers a
source in its ``AppConfig.ready()``::

    from cairn.medications.hooks import add_medication_note_source
    add_medication_note_source(lambda request, client: [...])

A source receives the request and a client the door has already authorized for VIEW_CHART, and
returns the client's medication-management notes, newest first, as objects (or dicts) with
``written_on`` (date), ``title``, ``author`` (text) and ``url``. The Adherence tab lists them
under "Medication-management notes"; until a source is registered the section says so.
"""

from collections.abc import Callable

_sources: list[Callable] = []


def add_medication_note_source(source: Callable) -> None:
    if source not in _sources:
        _sources.append(source)


def has_note_sources() -> bool:
    return bool(_sources)


def medication_notes(request, client) -> list:
    notes: list = []
    for source in _sources:
        notes.extend(source(request, client))
    return notes
