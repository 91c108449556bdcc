"""Reading a screen against what the client is prescribed (issue 10, point 3).

A positive result is **expected** when a prescription explains it: the prescription was active
on the collection day — or stopped no longer ago than the substance's typical detection window
(``analytes.json``) — and ``screen_explanations.json`` lists its ingredient or drug class
against that substance (buprenorphine → buprenorphine and norbuprenorphine, methadone →
methadone and EDDP, a prescribed benzodiazepine → benzodiazepines, a prescribed amphetamine
stimulant → amphetamines…). Every other positive is **unexpected** until a clinician changes it
with a reason. Negative and invalid results are not classified.

Pure functions on plain values, so the rules are tested as a table without a database.
A free-text (not coded) medication has no class; it explains a substance only when a rule's
ingredient appears as a word in its name (e.g. "methadone via Harbor OTP").
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cairn.medications.catalog import Catalog, catalog

EXPECTED = "expected"
UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class Prescription:
    """What the rules need to know about one medication."""

    label: str
    start: date
    stop: date | None = None
    ingredients: tuple[str, ...] = ()
    drug_class: str = ""

    @classmethod
    def of(cls, medication) -> "Prescription":
        return cls(
            label=medication.label,
            start=medication.start_date,
            stop=medication.stop_date,
            ingredients=tuple(i.casefold() for i in medication.ingredients or ()),
            drug_class=medication.drug_class,
        )

    def covers(self, day: date, window_days: int) -> bool:
        return self.start <= day and (
            self.stop is None or day <= self.stop + timedelta(days=window_days)
        )

    def matches(self, ingredient: str, drug_class: str) -> bool:
        if drug_class:
            return self.drug_class == drug_class
        if self.ingredients:
            return ingredient in self.ingredients
        return re.search(rf"\b{re.escape(ingredient)}\b", self.label.casefold()) is not None


def explaining(
    analyte: str, collected_on: date, prescriptions: Iterable[Prescription], cat: Catalog
) -> list[Prescription]:
    """The prescriptions that explain a positive ``analyte`` on ``collected_on``."""
    known = cat.analytes.get(analyte)
    window = known.window_days if known else 0
    rules = [rule for rule in cat.rules if analyte in rule.explains]
    return [
        prescription
        for prescription in prescriptions
        if prescription.covers(collected_on, window)
        and any(prescription.matches(rule.ingredient, rule.drug_class) for rule in rules)
    ]


def classify(
    analyte: str,
    result: str,
    collected_on: date,
    prescriptions: Iterable[Prescription],
    cat: Catalog | None = None,
) -> tuple[str, str]:
    """(classification, explained by) of one result: ("", "") unless it is positive."""
    if result != "positive":
        return "", ""
    found = explaining(analyte, collected_on, prescriptions, cat or catalog())
    if not found:
        return UNEXPECTED, ""
    return EXPECTED, "; ".join(dict.fromkeys(p.label for p in found))[:300]
