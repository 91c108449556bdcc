"""Scoring of standardized instruments, exactly per contracts/instruments.md.

``score(code, answers, *, sex=None)`` checks every answer against the instrument's data file
(instruments.py) and applies the rule the file names: ``"sum"`` for most instruments, or one of
the small named functions in ``RULES`` for the unusual ones. Reversed items (DAST-10 item 3) and
unusual option values (AUDIT items 9-10: 0, 2, 4) live in the data as option scores, not here.

It never guesses: a missing, unknown, mistyped or out-of-range answer raises ``AnswerError`` (a
``ValueError``) naming the item. Choice items take the option's score as an ``int``; yes/no
items take ``True``/``False`` only. Python's ``bool`` is an ``int``, so each is refused where the
other is expected: a form that sends ``1`` for "yes" has a bug we want to hear about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from cairn.assessments.instruments import SEXES, Band, Instrument, Item, get_instrument

Answer = int | bool


@dataclass(frozen=True)
class ScoreResult:
    """The contract's result: ``band`` is one of the instrument's labels, lowercase, exactly."""

    code: str
    total: int
    band: str
    flags: list[str] = field(default_factory=list)
    subscales: dict[str, int] = field(default_factory=dict)


class AnswerError(ValueError):
    """An answer is missing, unknown, mistyped or out of range; ``item`` names the item."""

    def __init__(self, code: str, item: object, problem: str) -> None:
        super().__init__(f"{code} item {item!r}: {problem}")
        self.code = code
        self.item = item


def score(code: str, answers: Mapping[str, Answer], *, sex: str | None = None) -> ScoreResult:
    """Score one administration of instrument ``code``.

    ``sex`` is ``"male"``, ``"female"`` or ``None``; only AUDIT-C's cut-off depends on it.
    Raises ``ValueError`` for an unknown code or sex and ``AnswerError`` for a bad answer.
    """
    return _score(get_instrument(code), answers, sex=sex)


def score_cssrs(
    answers: Mapping[str, Answer], *, risk_by_item: Mapping[str, str] | None = None
) -> ScoreResult:
    """Score a C-SSRS screener with a program's own item-to-risk mapping.

    DOMAIN.md: the risk levels are program-configurable. ``risk_by_item`` maps every item id to
    a band label (``{"1": "low", ..., "6": "high"}``); ``None`` is the default of cssrs.json.
    """
    return _score(get_instrument("cssrs"), answers, sex=None, risk_by_item=risk_by_item)


def is_critical(result: ScoreResult) -> bool:
    """True when the result carries one of its instrument's safety flags (PHQ-9 item 9 > 0,
    C-SSRS high): DOMAIN.md says these raise an alert whatever the total."""
    critical = get_instrument(result.code).critical_flags
    return any(flag in critical for flag in result.flags)


def reliable_change(code: str) -> int | None:
    """Points of change between two administrations that count as reliable (PHQ-9: 6, GAD-7:
    4), or ``None`` where the data file gives no threshold."""
    return get_instrument(code).reliable_change_index


def bands(code: str, *, sex: str | None = None) -> tuple[Band, ...]:
    """The band thresholds, lowest first, for drawing them on a trend chart."""
    _check_sex(sex)
    return get_instrument(code).bands_for(sex)


def check_answers(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers checked against the instrument, in item order.

    Skip logic comes from the data (``enable_when``): an item that is not asked must be left
    out, and an item that is asked must be answered. An answer to an item that was skipped is
    inconsistent (C-SSRS items 3-5 after "no" to item 2) and is refused, not ignored.
    """
    if not isinstance(answers, Mapping):
        raise TypeError(f"{instrument.code}: answers must map item ids to values")
    for link_id in answers:
        if link_id not in instrument.link_ids:
            hint = "" if isinstance(link_id, str) else " (item ids are strings, such as '1')"
            raise AnswerError(instrument.code, link_id, f"unknown item{hint}")
    checked: dict[str, Answer] = {}
    for item in instrument.items:
        if not _is_asked(item, checked):
            if item.link_id in answers:
                raise AnswerError(instrument.code, item.link_id, _skipped(item))
            continue
        if item.link_id not in answers:
            raise AnswerError(instrument.code, item.link_id, "missing answer")
        checked[item.link_id] = _check_value(instrument.code, item, answers[item.link_id])
    return checked


def check_partial_answers(
    instrument: Instrument, answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """The answers given so far, each checked like ``check_answers`` does (known item, right
    type, allowed value), in item order — for drafts, which may leave items out. Skip logic and
    completeness are checked when the administration is scored."""
    if not isinstance(answers, Mapping):
        raise TypeError(f"{instrument.code}: answers must map item ids to values")
    for link_id in answers:
        if link_id not in instrument.link_ids:
            raise AnswerError(instrument.code, link_id, "unknown item")
    return {
        item.link_id: _check_value(instrument.code, item, answers[item.link_id])
        for item in instrument.items
        if item.link_id in answers
    }


def _score(instrument: Instrument, answers: Mapping[str, Answer], **options) -> ScoreResult:
    _check_sex(options["sex"])
    checked = check_answers(instrument, answers)
    outcome = RULES[instrument.scoring](instrument, checked, **options)
    flags = [*outcome.flags, *_critical_flags(instrument, checked, outcome.band)]
    subscales = dict(outcome.subscales)  # the caller's own copy
    return ScoreResult(instrument.code, outcome.total, outcome.band, flags, subscales)


def _check_sex(sex: object) -> None:
    if sex is not None and sex not in SEXES:
        raise ValueError(f"sex must be 'male', 'female' or None, not {sex!r}")


def _is_asked(item: Item, checked: Mapping[str, Answer]) -> bool:
    condition = item.enable_when
    if condition is None:
        return True
    answer = checked.get(condition.question)
    return type(answer) is type(condition.answer) and answer == condition.answer


def _skipped(item: Item) -> str:
    condition = item.enable_when
    expected = {True: "yes", False: "no"}.get(condition.answer, condition.answer)
    return (
        f"must be left out: it is asked only when item {condition.question!r} is answered "
        f"{expected} (skip logic)"
    )


def _check_value(code: str, item: Item, value: object) -> Answer:
    if item.type == "boolean":
        if not isinstance(value, bool):
            raise AnswerError(code, item.link_id, f"expected True or False, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError(code, item.link_id, f"expected an integer score, got {value!r}")
    allowed = item.allowed_values()
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed)
        raise AnswerError(code, item.link_id, f"{value} is out of range (allowed: {shown})")
    return value


def _critical_flags(instrument: Instrument, answers: Mapping[str, Answer], band: str) -> list[str]:
    flags = [
        critical.flag
        for critical in instrument.critical_items
        if critical.link_id in answers
        and instrument.item(critical.link_id).score_of(answers[critical.link_id])
        >= critical.min_score
    ]
    return flags + [c.flag for c in instrument.critical_bands if c.band == band]


# --- Rules: one small function per "scoring" name of the data files ---------------------------


class Outcome(NamedTuple):
    """What a rule computes; ``score()`` adds the data's critical flags (PHQ-9 item 9, ...)."""

    total: int
    band: str
    flags: tuple[str, ...] = ()
    subscales: Mapping[str, int] = MappingProxyType({})


def _item_scores(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, int]:
    return {link_id: instrument.item(link_id).score_of(v) for link_id, v in answers.items()}


def sum_rule(instrument: Instrument, answers: Mapping[str, Answer], *, sex=None) -> Outcome:
    """The total is the sum of the option scores; the band comes from the data file."""
    total = sum(_item_scores(instrument, answers).values())
    return Outcome(total, instrument.band_for(total).label)


def auditc_sex_cutoff(instrument: Instrument, answers: Mapping[str, Answer], *, sex) -> Outcome:
    """DOMAIN.md: AUDIT-C is positive at 4 or more for men and 3 or more for women; the
    contract sets the cut-off at 3 when the client's sex is not given (auditc.json)."""
    total = sum(_item_scores(instrument, answers).values())
    return Outcome(total, instrument.band_for(total, sex).label)


def pcl5_dsm5(instrument: Instrument, answers: Mapping[str, Answer], *, sex=None) -> Outcome:
    """DOMAIN.md: PCL-5 band "probable ptsd" at a total of 33 or more. A symptom is present
    when rated 2 or more; a provisional DSM-5 diagnosis (flag ``dsm5:provisional``) needs at
    least 1 B (items 1-5), 1 C (6-7), 2 D (8-14) and 2 E (15-20) symptoms (pcl5.json)."""
    scores = _item_scores(instrument, answers)
    rule = instrument.dsm5
    present = {link_id for link_id, s in scores.items() if s >= rule.symptom_present_at}
    provisional = all(len(present.intersection(c.items)) >= c.min_present for c in rule.clusters)
    total = sum(scores.values())
    return Outcome(total, instrument.band_for(total).label, (rule.flag,) if provisional else ())


def bam_subscales(instrument: Instrument, answers: Mapping[str, Answer], *, sex=None) -> Outcome:
    """DOMAIN.md: BAM Use = 4+5+6 (flag at 1 or more), Risk = 1+2+3+8+11+15 (flag at 12 or
    more), Protective = 9+10+12+13+14+16 (flag at 12 or less); 7a-7g and 17 are not summed.

    The BAM has no published total. Cairn's ``total`` is the number of subscales flagged (0-3),
    so that band "flagged" is exactly total >= 1 and charts read like the other instruments;
    the clinical picture is in ``subscales``.
    """
    scores = _item_scores(instrument, answers)
    subscales = {s.name: sum(scores[i] for i in s.items) for s in instrument.subscales}
    flags = tuple(s.flag for s in instrument.subscales if s.is_flagged(subscales[s.name]))
    return Outcome(len(flags), instrument.band_for(len(flags)).label, flags, subscales)


def cssrs_highest_yes(
    instrument: Instrument,
    answers: Mapping[str, Answer],
    *,
    sex=None,
    risk_by_item: Mapping[str, str] | None = None,
) -> Outcome:
    """DOMAIN.md: C-SSRS screener risk is set by the highest "yes": items 1-2 low, 3 moderate,
    4, 5 or 6 high (the default, from cssrs.json's bands). Programs may map items to risk
    levels their own way (``risk_by_item``); the most severe level among the "yes" items wins.

    ``total`` is the number of the highest item answered yes, 0 when all are no.
    """
    risk = _cssrs_risk(instrument, risk_by_item)
    yes = [n for n, item in enumerate(instrument.items, 1) if answers.get(item.link_id) is True]
    severity = [band.label for band in instrument.bands]
    levels = [risk[instrument.items[n - 1].link_id] for n in yes]
    band = max(levels, key=severity.index, default=severity[0])
    return Outcome(max(yes, default=0), band)


def _cssrs_risk(instrument: Instrument, risk_by_item: Mapping[str, str] | None) -> dict[str, str]:
    default = {
        item.link_id: instrument.band_for(n).label for n, item in enumerate(instrument.items, 1)
    }
    if risk_by_item is None:
        return default
    labels = [band.label for band in instrument.bands]
    if set(risk_by_item) != set(default) or any(v not in labels for v in risk_by_item.values()):
        raise ValueError(
            f"risk_by_item must map each of items {', '.join(default)} to one of {labels}, "
            f"got {dict(risk_by_item)!r}"
        )
    return dict(risk_by_item)


Rule = Callable[..., Outcome]

#: The rule each data file's ``"scoring"`` names (instruments.SCORING_RULES).
RULES: dict[str, Rule] = {
    "sum": sum_rule,
    "auditc_sex_cutoff": auditc_sex_cutoff,
    "pcl5_dsm5": pcl5_dsm5,
    "bam_subscales": bam_subscales,
    "cssrs_highest_yes": cssrs_highest_yes,
}
