"""Reading and checking instrument data files (``instruments/<code>.json``).

``read_instrument`` turns one file into an ``instruments.Instrument``, reading every field with
its expected type (an unknown or misspelt key is an error, never silently ignored), then checks
the instrument as a whole: skip logic, references between items, totals against the scoring
rule, bands without gaps. Any problem raises ``InstrumentDataError`` naming the file and the
field, so a bad edit fails when the library loads and never reaches a client's score.
"""

from __future__ import annotations

import json
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from cairn.assessments.instruments import (
    PREAMBLE_LINK_ID,
    SCORING_RULES,
    SEXES,
    SUMMED_RULES,
    AnswerOption,
    Band,
    Cluster,
    CriticalBand,
    CriticalItem,
    Dsm5Rule,
    EnableWhen,
    Group,
    Instrument,
    InstrumentDataError,
    Item,
    Subscale,
)


def read_instrument(path: Path | Traversable) -> Instrument:
    """Read and check one data file; ``InstrumentDataError`` names the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InstrumentDataError(f"{path.name}: not valid JSON: {error}") from error
    instrument = _parse(_Fields(data, file=path.name))
    if path.name != f"{instrument.code}.json":
        raise _error(path.name, "code", f"{instrument.code!r} does not match the file name")
    return instrument


# --- Reading a data file -------------------------------------------------------------------

_REQUIRED: Any = object()


def _error(file: str, where: str, problem: str) -> InstrumentDataError:
    return InstrumentDataError(f"{file}: {where}: {problem}")


class _Fields:
    """One JSON object of a data file: typed reads, errors naming file and field, and no
    unknown keys (a misspelt key would otherwise be silently ignored)."""

    def __init__(self, data: object, *, file: str, path: str = "") -> None:
        self.file, self.path = file, path
        if not isinstance(data, dict):
            raise self.error("expected an object")
        self._data: dict[str, Any] = data
        self._read: set[str] = set()

    def error(self, problem: str, key: str = "") -> InstrumentDataError:
        where = ".".join(part for part in (self.path, key) if part) or "(top level)"
        return _error(self.file, where, problem)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = _REQUIRED) -> Any:
        self._read.add(key)
        if key not in self._data:
            if default is _REQUIRED:
                raise self.error("missing", key)
            return default
        value = self._data[key]
        wrong_bool = isinstance(value, bool) and kind is int  # bool is an int in Python
        if wrong_bool or not isinstance(value, kind):
            raise self.error(f"expected {getattr(kind, '__name__', kind)}, got {value!r}", key)
        return value

    def obj(self, key: str, default: Any = _REQUIRED) -> _Fields | None:
        value = self.get(key, dict, default)
        return None if value is None else _Fields(value, file=self.file, path=self._at(key))

    def objs(self, key: str, required: bool = True) -> list[_Fields]:
        values = self.get(key, list, _REQUIRED if required else [])
        return [
            _Fields(v, file=self.file, path=f"{self._at(key)}[{i}]") for i, v in enumerate(values)
        ]

    def strs(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list)
        if not values or not all(isinstance(v, str) for v in values):
            raise self.error("expected a non-empty list of strings", key)
        return tuple(values)

    def names(self) -> list[str]:
        self._read.update(self._data)
        return list(self._data)

    def done(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.error("unknown field", unknown[0])

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key


def _parse(f: _Fields) -> Instrument:
    unconfirmed: list[str] = []
    answer_sets = _answer_sets(f, unconfirmed)
    items, groups = _items(f, answer_sets)
    unconfirmed += [f"item {i.link_id}" for i in items if not i.confirmed]
    total = f.obj("total")
    instrument = Instrument(
        code=f.get("code", str),
        title=f.get("title", str),
        short_name=f.get("short_name", str),
        description=f.get("description", str),
        version=f.get("version", str),
        licence=_confirmed_text(f, "licence", unconfirmed),
        recall_period=f.get("recall_period", str),
        preamble=_confirmed_text(f, "preamble", unconfirmed, required=False),
        items=tuple(items),
        groups=tuple(groups),
        scoring=f.get("scoring", str),
        total_min=total.get("min", int),
        total_max=total.get("max", int),
        total_meaning=total.get("meaning", str),
        bands=_bands(f.objs("bands")),
        bands_by_sex=_bands_by_sex(f),
        subscales=tuple(_subscale(s) for s in f.objs("subscales", required=False)),
        dsm5=_dsm5(f),
        critical_items=tuple(_critical_item(c) for c in f.objs("critical_items", required=False)),
        critical_bands=tuple(_critical_band(c) for c in f.objs("critical_bands", required=False)),
        reliable_change_index=f.get("reliable_change_index", int, None),
        sources=f.strs("sources"),
        notes=tuple(f.get("notes", list, [])),
        **_loinc(f, unconfirmed),
        unconfirmed=tuple(unconfirmed),
    )
    total.done()
    f.done()
    _check(instrument, f.file)
    return instrument


def _confirmed_text(
    f: _Fields, key: str, unconfirmed: list[str], required: bool = True
) -> str | None:
    """A ``{"text": ..., "confirmed": false, "note": ...}`` object (licence, preamble)."""
    obj = f.obj(key, _REQUIRED if required else None)
    if obj is None:
        return None
    text = obj.get("text", str)
    if not obj.get("confirmed", bool, True):
        unconfirmed.append(key)
    obj.get("note", str, None)
    obj.done()
    return text


def _loinc(f: _Fields, unconfirmed: list[str]) -> dict[str, Any]:
    obj = f.obj("loinc", None)
    if obj is None:
        return {}
    found = {
        "loinc_panel": obj.get("panel", str, None),
        "loinc_total": obj.get("total", str, None),
        "loinc_confirmed": obj.get("confirmed", bool, True),
    }
    if not found["loinc_confirmed"]:
        unconfirmed.append("loinc")
    obj.get("note", str, None)
    obj.done()
    return found


def _answer_sets(f: _Fields, unconfirmed: list[str]) -> dict[str, tuple[AnswerOption, ...]]:
    """Named answer sets; option codes are unique across the instrument (one CodeSystem)."""
    sets: dict[str, tuple[AnswerOption, ...]] = {}
    container = f.obj("answer_sets", None)
    for name in container.names() if container else []:
        answer_set = container.obj(name)
        options = tuple(_option(o) for o in answer_set.objs("options"))
        scores = [o.score for o in options]
        if not options or len(set(scores)) != len(scores):
            raise answer_set.error("needs options with distinct scores", "options")
        if not answer_set.get("confirmed", bool, True):
            unconfirmed.append(f"answer set {name}")
        answer_set.get("note", str, None)
        answer_set.done()
        sets[name] = options
    codes = [o.code for options in sets.values() for o in options]
    if len(set(codes)) != len(codes):
        raise f.error("option codes must be unique across the instrument", "answer_sets")
    return sets


def _option(f: _Fields) -> AnswerOption:
    option = AnswerOption(
        code=f.get("code", str),
        display=f.get("display", str),
        score=f.get("score", int),
        loinc=f.get("loinc", str, None),
    )
    f.done()
    return option


def _items(f: _Fields, answer_sets: dict) -> tuple[list[Item], list[Group]]:
    """Answerable items in published order; a "group" entry (BAM 7) contributes its parts."""
    items: list[Item] = []
    groups: list[Group] = []
    for entry in f.objs("items"):
        if entry.get("type", str) != "group":
            items.append(_item(entry, answer_sets))
            continue
        group_id = entry.get("link_id", str)
        parts = [_item(part, answer_sets, group=group_id) for part in entry.objs("items")]
        groups.append(Group(group_id, entry.get("text", str), tuple(p.link_id for p in parts)))
        items += parts
        entry.done()
    return items, groups


def _item(f: _Fields, answer_sets: dict, group: str | None = None) -> Item:
    kind = f.get("type", str)
    fields: dict[str, Any] = {}
    if kind == "choice":
        fields["answer_set"] = f.get("answer_set", str)
        if fields["answer_set"] not in answer_sets:
            raise f.error(f"unknown answer set {fields['answer_set']!r}", "answer_set")
        fields["options"] = answer_sets[fields["answer_set"]]
    elif kind == "boolean":
        scores = f.obj("scores", None)
        if scores is not None:
            fields.update(score_yes=scores.get("yes", int), score_no=scores.get("no", int))
            scores.done()
    else:
        raise f.error(f"expected choice, boolean or group, got {kind!r}", "type")
    enable = f.obj("enable_when", None)
    if enable is not None:
        fields["enable_when"] = EnableWhen(
            enable.get("question", str), enable.get("answer", (bool, int))
        )
        enable.done()
    item = Item(
        link_id=f.get("link_id", str),
        text=f.get("text", str),
        type=kind,
        loinc=f.get("loinc", str, None),
        group=group,
        confirmed=f.get("confirmed", bool, True),
        note=f.get("note", str, None),
        **fields,
    )
    f.done()
    return item


def _bands(entries: list[_Fields]) -> tuple[Band, ...]:
    bands = []
    for f in entries:
        bands.append(Band(f.get("lower", int), f.get("upper", int), f.get("label", str)))
        f.done()
    return tuple(bands)


def _bands_by_sex(f: _Fields) -> tuple[tuple[str, tuple[Band, ...]], ...]:
    container = f.obj("bands_by_sex", None)
    if container is None:
        return ()
    for sex in container.names():
        if sex not in SEXES:
            raise container.error(f"expected one of {SEXES}", sex)
    return tuple((sex, _bands(container.objs(sex))) for sex in container.names())


def _subscale(f: _Fields) -> Subscale:
    subscale = Subscale(
        name=f.get("name", str),
        items=f.strs("items"),
        flag=f.get("flag", str),
        flag_at_least=f.get("flag_at_least", int, None),
        flag_at_most=f.get("flag_at_most", int, None),
    )
    if (subscale.flag_at_least is None) == (subscale.flag_at_most is None):
        raise f.error("needs exactly one of flag_at_least, flag_at_most")
    f.get("why", str, None)
    f.done()
    return subscale


def _dsm5(f: _Fields) -> Dsm5Rule | None:
    obj = f.obj("dsm5", None)
    if obj is None:
        return None
    clusters = []
    for c in obj.objs("clusters"):
        clusters.append(Cluster(c.get("name", str), c.strs("items"), c.get("min_present", int)))
        c.done()
    rule = Dsm5Rule(obj.get("symptom_present_at", int), obj.get("flag", str), tuple(clusters))
    obj.get("why", str, None)
    obj.done()
    return rule


def _critical_item(f: _Fields) -> CriticalItem:
    critical = CriticalItem(f.get("link_id", str), f.get("min_score", int), f.get("flag", str))
    f.get("why", str, None)
    f.done()
    return critical


def _critical_band(f: _Fields) -> CriticalBand:
    critical = CriticalBand(f.get("band", str), f.get("flag", str))
    f.get("why", str, None)
    f.done()
    return critical


# --- Checking a parsed instrument as a whole --------------------------------------------------


def _check(inst: Instrument, file: str) -> None:
    ids = inst.link_ids
    taken = [*ids, *(g.link_id for g in inst.groups), PREAMBLE_LINK_ID]
    duplicate = next((i for i in taken if taken.count(i) > 1), None)
    if duplicate is not None:
        raise _error(file, "items", f"duplicate link_id {duplicate!r}")
    if inst.scoring not in SCORING_RULES:
        raise _error(file, "scoring", f"unknown rule {inst.scoring!r}; known: {SCORING_RULES}")
    _check_enable_when(inst, file)
    _check_references(inst, file)
    _check_totals(inst, file)
    _check_bands(inst.bands, inst, file, "bands")
    for sex, bands in inst.bands_by_sex:
        _check_bands(bands, inst, file, f"bands_by_sex.{sex}")


def _check_enable_when(inst: Instrument, file: str) -> None:
    """Skip logic may only look back at an earlier item, with an answer that item allows."""
    for position, item in enumerate(inst.items):
        condition = item.enable_when
        if condition is None:
            continue
        earlier = {i.link_id: i for i in inst.items[:position]}
        where = f"item {item.link_id}.enable_when"
        if condition.question not in earlier:
            raise _error(file, where, f"{condition.question!r} is not an earlier item")
        allowed = earlier[condition.question].allowed_values()
        if not any(type(a) is type(condition.answer) and a == condition.answer for a in allowed):
            raise _error(file, where, f"{condition.answer!r} is not an answer of that item")


def _check_references(inst: Instrument, file: str) -> None:
    scored = {i.link_id for i in inst.items if i.is_scored}
    listed = [(f"subscales.{s.name}", s.items) for s in inst.subscales]
    listed += [
        (f"dsm5.clusters.{c.name}", c.items) for c in (inst.dsm5.clusters if inst.dsm5 else ())
    ]
    listed += [(f"critical_items.{c.flag}", (c.link_id,)) for c in inst.critical_items]
    for where, link_ids in listed:
        for link_id in link_ids:
            if link_id not in scored:
                raise _error(file, where, f"{link_id!r} is not a scored item")
    labels = {band.label for band in inst.bands}
    for critical in inst.critical_bands:
        if critical.band not in labels:
            raise _error(file, "critical_bands", f"{critical.band!r} is not a band label")


def _check_totals(inst: Instrument, file: str) -> None:
    """The declared total range must be the one the rule can produce."""
    if inst.scoring in SUMMED_RULES:
        if not all(item.is_scored for item in inst.items):
            raise _error(file, "items", f"every item needs scores for rule {inst.scoring!r}")
        expected = (
            sum(min(_item_scores(item)) for item in inst.items),
            sum(max(_item_scores(item)) for item in inst.items),
        )
    else:
        expected = (0, len(inst.subscales if inst.scoring == "bam_subscales" else inst.items))
    if (inst.total_min, inst.total_max) != expected:
        got = (inst.total_min, inst.total_max)
        raise _error(file, "total", f"min/max {got} but rule {inst.scoring!r} gives {expected}")
    needs = {"auditc_sex_cutoff": "bands_by_sex", "pcl5_dsm5": "dsm5", "bam_subscales": "subscales"}
    if inst.scoring in needs and not getattr(inst, needs[inst.scoring]):
        raise _error(file, needs[inst.scoring], f"required by rule {inst.scoring!r}")
    if inst.scoring == "auditc_sex_cutoff" and len(inst.bands_by_sex) != len(SEXES):
        raise _error(file, "bands_by_sex", f"needs bands for each of {SEXES}")


def _item_scores(item: Item) -> tuple[int, ...]:
    return tuple(item.score_of(value) for value in item.allowed_values())


def _check_bands(bands: tuple[Band, ...], inst: Instrument, file: str, where: str) -> None:
    """Bands run from the lowest to the highest total without gaps or overlaps."""
    expected = inst.total_min
    for i, band in enumerate(bands):
        if band.lower != expected or band.upper < band.lower:
            problem = f"{band.lower}-{band.upper} should start at {expected}"
            raise _error(file, f"{where}[{i}]", problem)
        expected = band.upper + 1
    if not bands or expected - 1 != inst.total_max:
        raise _error(file, where, f"bands must end at the highest total, {inst.total_max}")
    labels = [band.label for band in bands]
    if len(set(labels)) != len(labels):
        raise _error(file, where, "band labels must be distinct")
