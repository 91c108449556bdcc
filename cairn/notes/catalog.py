"""The note catalog: note types, formats (DAP, SOAP, BIRP, GIRP), their sections, the group
layout of each format, modalities and starting text — data in ``note_catalog.json``, checked
when loaded (DESIGN.md principle 3: rules clinicians change live in data, not ``if`` chains).

A program overrides the due time, the default format and the starting text per note type in
configuration (``models.ProgramNoteSetting``, ``models.NoteTemplate``; see ``configuration.py``).

Every format has a ``plan`` section: a new note can start from the last note's plan.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

PLAN = "plan"
GROUP = "group"


class CatalogError(ValueError):
    """The catalog file is broken; the message names the field."""


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    help: str


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class GroupLayout:
    """Which sections of a group note are written once (shared) and which per member."""

    shared: tuple[str, ...]
    member: tuple[str, ...]


@dataclass(frozen=True)
class NoteType:
    code: str
    label: str
    formats: tuple[str, ...]
    default_format: str
    due_hours: int
    session_kinds: tuple[str, ...]
    default_modalities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    sections: dict[str, Section]
    formats: dict[str, Format]
    group_layouts: dict[str, GroupLayout]
    note_types: dict[str, NoteType]
    modalities: dict[str, str]
    templates: dict[str, dict[str, dict[str, str]]]

    def section_keys(self, note_type: str, fmt: str) -> tuple[str, ...]:
        """The client's own sections of a note (for a group note: the member part)."""
        if note_type == GROUP:
            return self.group_layouts[fmt].member
        return self.formats[fmt].sections

    def shared_keys(self, note_type: str, fmt: str) -> tuple[str, ...]:
        return self.group_layouts[fmt].shared if note_type == GROUP else ()


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CatalogError(f"note_catalog.json: {message}")


def parse(raw: dict) -> Catalog:
    sections = {
        key: Section(key, value["label"], value.get("help", ""))
        for key, value in raw["sections"].items()
    }
    formats = {}
    for code, value in raw["formats"].items():
        keys = tuple(value["sections"])
        for key in keys:
            _require(key in sections, f"formats.{code} names unknown section {key!r}")
        _require(PLAN in keys, f"formats.{code} needs a {PLAN!r} section")
        formats[code] = Format(code, value["label"], keys)
    layouts = {}
    for code, value in raw["group_layouts"].items():
        _require(code in formats, f"group_layouts.{code} is not a format")
        shared, member = tuple(value["shared"]), tuple(value["member"])
        for key in shared + member:
            _require(key in sections, f"group_layouts.{code} names unknown section {key!r}")
        _require(not set(shared) & set(member), f"group_layouts.{code} repeats a section")
        _require(PLAN in member, f"group_layouts.{code}.member needs a {PLAN!r} section")
        layouts[code] = GroupLayout(shared, member)
    types = {}
    for code, value in raw["note_types"].items():
        allowed = tuple(value["formats"])
        _require(bool(allowed), f"note_types.{code} allows no format")
        for fmt in allowed:
            _require(fmt in formats, f"note_types.{code} names unknown format {fmt!r}")
            if code == GROUP:
                _require(fmt in layouts, f"group_layouts lacks {fmt!r}")
        _require(value["default_format"] in allowed, f"note_types.{code}.default_format")
        _require(int(value["due_hours"]) > 0, f"note_types.{code}.due_hours must be positive")
        types[code] = NoteType(
            code,
            value["label"],
            allowed,
            value["default_format"],
            int(value["due_hours"]),
            tuple(value.get("session_kinds", ())),
            tuple(value.get("default_modalities", ())),
        )
    _require(GROUP in types, "note_types needs 'group'")
    modalities = dict(raw["modalities"])
    for code, value in types.items():
        for modality in value.default_modalities:
            _require(modality in modalities, f"note_types.{code} names unknown modality")
    catalog = Catalog(sections, formats, layouts, types, modalities, {})
    templates = raw.get("templates", {})
    for note_type, by_format in templates.items():
        _require(note_type in types, f"templates.{note_type} is not a note type")
        for fmt, texts in by_format.items():
            _require(fmt in types[note_type].formats, f"templates.{note_type}.{fmt} not allowed")
            allowed_keys = catalog.shared_keys(note_type, fmt) + catalog.section_keys(
                note_type, fmt
            )
            for key in texts:
                _require(key in allowed_keys, f"templates.{note_type}.{fmt}.{key} not a section")
    catalog.templates.update(templates)
    return catalog


@functools.cache
def catalog() -> Catalog:
    text = resources.files("cairn.notes").joinpath("note_catalog.json").read_text("utf-8")
    return parse(json.loads(text))


# Choices for model and form fields (callables, so migrations don't copy the data).


def note_type_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in catalog().note_types.values()]


def format_choices() -> list[tuple[str, str]]:
    return [(f.code, f.label) for f in catalog().formats.values()]


def modality_choices() -> list[tuple[str, str]]:
    return list(catalog().modalities.items())


def note_type_label(code: str) -> str:
    found = catalog().note_types.get(code)
    return found.label if found else code


def section_label(key: str) -> str:
    found = catalog().sections.get(key)
    return found.label if found else key
