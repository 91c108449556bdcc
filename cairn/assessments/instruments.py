"""The instrument library: one JSON data file per standardized instrument, loaded and checked.

A data file (``instruments/<code>.json``) holds what a clinician checks against the published
instrument: item wording, answer options with their scores, bands, subscales and the parameters
of any special scoring rule. Its shape follows a FHIR R4 Questionnaire (see questionnaire.py).

Facts DOMAIN.md marks *unconfirmed* carry ``"confirmed": false`` in the data and show up in
``Instrument.unconfirmed``, so the UI and docs can say so instead of presenting them as certain.

A broken data file fails loudly when the library loads, naming the file and the field: a bad
edit must never reach a client's score. Reading and checking the files is in
``instrument_files.py``; this module holds the shapes and the library.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = [
    "AnswerOption",
    "Band",
    "Cluster",
    "CriticalBand",
    "CriticalItem",
    "Dsm5Rule",
    "EnableWhen",
    "Group",
    "Instrument",
    "InstrumentDataError",
    "Item",
    "Subscale",
    "all_instruments",
    "get_instrument",
    "load_instrument",
]

#: Scoring rules a data file may name; scoring.py registers one function for each.
SCORING_RULES = ("sum", "auditc_sex_cutoff", "pcl5_dsm5", "bam_subscales", "cssrs_highest_yes")
#: Rules whose total is the sum of the item scores: the declared total range is checked against
#: the items, so a wrong option score cannot hide behind a band table.
SUMMED_RULES = ("sum", "auditc_sex_cutoff", "pcl5_dsm5")
SEXES = ("male", "female")
#: linkId of the instructions shown above the items in the FHIR form; no item may use it.
PREAMBLE_LINK_ID = "preamble"


class InstrumentDataError(ValueError):
    """A data file is broken; the message names the file and the field."""


@dataclass(frozen=True)
class AnswerOption:
    """One answer of a choice item. Answers are given to ``score()`` as ``score`` (contract)."""

    code: str
    display: str
    score: int
    loinc: str | None = None


@dataclass(frozen=True)
class EnableWhen:
    """Skip logic: the item is asked only when item ``question`` was answered ``answer``."""

    question: str
    answer: bool | int


@dataclass(frozen=True)
class Item:
    """An answerable item; ``type`` is "choice" (options) or "boolean" (yes/no)."""

    link_id: str
    text: str
    type: str
    options: tuple[AnswerOption, ...] = ()
    answer_set: str | None = None
    score_yes: int | None = None
    score_no: int | None = None
    loinc: str | None = None
    enable_when: EnableWhen | None = None
    group: str | None = None
    confirmed: bool = True
    note: str | None = None

    @property
    def is_scored(self) -> bool:
        return self.type == "choice" or self.score_yes is not None

    def allowed_values(self) -> tuple[int | bool, ...]:
        if self.type == "boolean":
            return (True, False)
        return tuple(option.score for option in self.options)

    def score_of(self, value: int | bool) -> int:
        """The score of an answer already checked by ``scoring.check_answers``."""
        if self.type == "choice":
            return int(value)
        score = self.score_yes if value else self.score_no
        if score is None:
            raise ValueError(f"item {self.link_id!r} carries no score")
        return score


@dataclass(frozen=True)
class Group:
    """Items shown under one heading (BAM item 7: parts 7a-7g); never answered itself."""

    link_id: str
    text: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    """A closed range of totals, ``lower`` ≤ total ≤ ``upper``, and its contract label."""

    lower: int
    upper: int
    label: str

    def covers(self, total: int) -> bool:
        return self.lower <= total <= self.upper


@dataclass(frozen=True)
class Subscale:
    """A sum of items, flagged at ``flag_at_least`` or at ``flag_at_most`` (exactly one is set)."""

    name: str
    items: tuple[str, ...]
    flag: str
    flag_at_least: int | None = None
    flag_at_most: int | None = None

    def is_flagged(self, value: int) -> bool:
        if self.flag_at_least is not None:
            return value >= self.flag_at_least
        return self.flag_at_most is not None and value <= self.flag_at_most


@dataclass(frozen=True)
class Cluster:
    """A DSM-5 symptom cluster: at least ``min_present`` of ``items`` must be present."""

    name: str
    items: tuple[str, ...]
    min_present: int


@dataclass(frozen=True)
class Dsm5Rule:
    """PCL-5 provisional diagnosis: symptom present when rated ≥ ``symptom_present_at``."""

    symptom_present_at: int
    flag: str
    clusters: tuple[Cluster, ...]


@dataclass(frozen=True)
class CriticalItem:
    """An item whose score ≥ ``min_score`` raises ``flag`` whatever the total (PHQ-9 item 9)."""

    link_id: str
    min_score: int
    flag: str


@dataclass(frozen=True)
class CriticalBand:
    """A band that raises ``flag`` (C-SSRS "high")."""

    band: str
    flag: str


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    short_name: str
    description: str
    version: str
    licence: str
    recall_period: str
    items: tuple[Item, ...]
    scoring: str
    total_min: int
    total_max: int
    total_meaning: str
    bands: tuple[Band, ...]
    preamble: str | None = None
    loinc_panel: str | None = None
    loinc_total: str | None = None
    loinc_confirmed: bool = True
    groups: tuple[Group, ...] = ()
    bands_by_sex: tuple[tuple[str, tuple[Band, ...]], ...] = ()
    subscales: tuple[Subscale, ...] = ()
    dsm5: Dsm5Rule | None = None
    critical_items: tuple[CriticalItem, ...] = ()
    critical_bands: tuple[CriticalBand, ...] = ()
    reliable_change_index: int | None = None
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()

    @functools.cached_property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(item.link_id for item in self.items)

    def item(self, link_id: str) -> Item:
        for item in self.items:
            if item.link_id == link_id:
                return item
        raise KeyError(link_id)

    def bands_for(self, sex: str | None = None) -> tuple[Band, ...]:
        """Bands for charting; AUDIT-C's depend on sex (DOMAIN.md), the rest ignore it."""
        return dict(self.bands_by_sex).get(sex, self.bands) if sex else self.bands

    def band_for(self, total: int, sex: str | None = None) -> Band:
        for band in self.bands_for(sex):
            if band.covers(total):
                return band
        raise ValueError(f"{self.code}: no band covers total {total}")

    @property
    def critical_flags(self) -> tuple[str, ...]:
        return tuple(c.flag for c in self.critical_items) + tuple(
            c.flag for c in self.critical_bands
        )


def get_instrument(code: str) -> Instrument:
    """The instrument with this code (``"phq9"``, ...); ``ValueError`` for an unknown code."""
    library = _library()
    if not isinstance(code, str) or code not in library:
        raise ValueError(f"unknown instrument {code!r}; known: {', '.join(library)}")
    return library[code]


def all_instruments() -> tuple[Instrument, ...]:
    """Every instrument in the library, ordered by code."""
    return tuple(_library().values())


@functools.cache
def _library() -> dict[str, Instrument]:
    folder = resources.files("cairn.assessments") / "instruments"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=_name)
    if not files:
        raise InstrumentDataError(f"no instrument data files in {folder}")
    return {instrument.code: instrument for instrument in map(load_instrument, files)}


def _name(file: Traversable) -> str:
    return file.name


def load_instrument(path: Path | Traversable) -> Instrument:
    """Read and check one data file; ``InstrumentDataError`` names the file and the field."""
    from cairn.assessments.instrument_files import read_instrument  # it builds these classes

    return read_instrument(path)
