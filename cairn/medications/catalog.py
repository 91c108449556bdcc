"""The program's data files (``data/``), loaded once and checked.

- ``medications.json``: the maintained medication list — generic name, brands (for searching),
  drug class, addiction-treatment use, ingredients, and usual products (strength, form, route).
  It carries no codes: no PyPI package ships RxNorm for offline use, and codes are never
  hand-typed (DESIGN.md, "codes"). A medication not on the list is kept as free text and shown
  as "not coded".
- ``analytes.json``: the substances a screen reports, the panels (cups, lab panels) and the
  specimen-validity checks.
- ``screen_explanations.json``: which prescriptions explain which positive results (issue 10,
  point 3) — a clinician-editable table, not ``if`` chains (DESIGN.md principle 3).

A broken file fails loudly when loaded, naming the file and the entry.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

ROUTES = (
    "oral",
    "sublingual",
    "buccal",
    "intramuscular",
    "subcutaneous",
    "transdermal",
    "nasal",
    "inhaled",
    "other",
)
METHODS = ("urine_cup", "lab", "oral_fluid")


class CatalogDataError(ValueError):
    """A data file is broken; the message names the file and the entry."""


@dataclass(frozen=True)
class Product:
    strength: str
    form: str
    route: str


@dataclass(frozen=True)
class Drug:
    key: str
    name: str
    brands: tuple[str, ...]
    drug_class: str
    mat: str  # the disorder it treats as a medication for addiction treatment, or ""
    ingredients: tuple[str, ...]
    products: tuple[Product, ...]

    def product_label(self, product: Product) -> str:
        brands = f" — {', '.join(self.brands)}" if self.brands else ""
        return f"{self.name} {product.strength} {product.form}{brands}"


@dataclass(frozen=True)
class Analyte:
    code: str
    label: str
    abbreviation: str
    window_days: int


@dataclass(frozen=True)
class Panel:
    code: str
    label: str
    method: str
    analytes: tuple[str, ...]


@dataclass(frozen=True)
class ValidityCheck:
    code: str
    label: str
    methods: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A prescription with ``ingredient`` (or of ``drug_class``) explains ``explains``."""

    ingredient: str
    drug_class: str
    explains: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    drug: Drug | None
    product: Product | None = None


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


@dataclass(frozen=True)
class Catalog:
    drugs: dict[str, Drug]
    analytes: dict[str, Analyte]
    panels: dict[str, Panel]
    validity_checks: tuple[ValidityCheck, ...]
    rules: tuple[Rule, ...]

    @functools.cached_property
    def _names(self) -> dict[str, Match]:
        names: dict[str, Match] = {}
        for drug in self.drugs.values():
            for product in drug.products:
                names[normalize(drug.product_label(product))] = Match(drug, product)
            for name in (drug.name, drug.key, *drug.brands):
                names.setdefault(normalize(name), Match(drug))
        return names

    def match(self, text: str) -> Match:
        """The list entry a typed medication names: a product label (as offered in the search
        list), a generic or brand name. No match: free text, "not coded"."""
        return self._names.get(normalize(text), Match(None))

    def product_labels(self) -> list[str]:
        return [
            drug.product_label(product)
            for drug in sorted(self.drugs.values(), key=lambda d: d.name)
            for product in drug.products
        ]

    def search(self, text: str, limit: int = 20) -> list[str]:
        """Product labels containing every word typed (name, brand, strength or form)."""
        words = normalize(text).split()
        if not words:
            return []
        found = [
            label for label in self.product_labels() if all(w in label.casefold() for w in words)
        ]
        return found[:limit]

    def panel_choices(self) -> list[tuple[str, str]]:
        return [(panel.code, panel.label) for panel in self.panels.values()]


def _require(entry: dict, field: str, where: str, kind=str):
    value = entry.get(field)
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise CatalogDataError(f"{where}: '{field}' is missing or not a {kind.__name__}")
    return value


def _read(name: str) -> dict:
    text = resources.files("cairn.medications").joinpath("data", name).read_text("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogDataError(f"{name}: not valid JSON ({error})") from error


def _drugs(data: dict) -> dict[str, Drug]:
    drugs: dict[str, Drug] = {}
    for index, entry in enumerate(data.get("medications", [])):
        where = f"medications.json entry {index}"
        key = _require(entry, "key", where)
        where = f"medications.json '{key}'"
        if key in drugs:
            raise CatalogDataError(f"{where}: duplicate key")
        products = []
        for row in _require(entry, "products", where, list):
            if len(row) != 3 or row[2] not in ROUTES:
                raise CatalogDataError(f"{where}: product {row} needs [strength, form, route]")
            products.append(Product(*row))
        drugs[key] = Drug(
            key=key,
            name=_require(entry, "name", where),
            brands=tuple(entry.get("brands", [])),
            drug_class=_require(entry, "class", where),
            mat=entry.get("mat", ""),
            ingredients=tuple(_require(entry, "ingredients", where, list)),
            products=tuple(products),
        )
    return drugs


def _analytes(data: dict) -> tuple[dict, dict, tuple]:
    analytes: dict[str, Analyte] = {}
    for entry in data.get("analytes", []):
        code = _require(entry, "code", "analytes.json analyte")
        where = f"analytes.json analyte '{code}'"
        window = entry.get("window_days")
        if not isinstance(window, int) or window < 0:
            raise CatalogDataError(f"{where}: 'window_days' must be a whole number ≥ 0")
        analytes[code] = Analyte(
            code, _require(entry, "label", where), entry.get("abbreviation", ""), window
        )
    panels: dict[str, Panel] = {}
    for entry in data.get("panels", []):
        code = _require(entry, "code", "analytes.json panel")
        where = f"analytes.json panel '{code}'"
        codes = tuple(_require(entry, "analytes", where, list))
        unknown = [c for c in codes if c not in analytes]
        if unknown or not codes:
            raise CatalogDataError(f"{where}: unknown or no analytes {unknown}")
        if entry.get("method") not in METHODS:
            raise CatalogDataError(f"{where}: 'method' must be one of {METHODS}")
        panels[code] = Panel(code, _require(entry, "label", where), entry["method"], codes)
    checks = tuple(
        ValidityCheck(
            _require(entry, "code", "analytes.json validity check"),
            _require(entry, "label", "analytes.json validity check"),
            tuple(entry.get("methods", METHODS)),
        )
        for entry in data.get("validity_checks", [])
    )
    if not panels:
        raise CatalogDataError("analytes.json: at least one panel is needed")
    return analytes, panels, checks


def _rules(data: dict, analytes: dict, drugs: dict) -> tuple[Rule, ...]:
    classes = {drug.drug_class for drug in drugs.values()}
    rules = []
    for index, entry in enumerate(data.get("rules", [])):
        where = f"screen_explanations.json rule {index}"
        ingredient, drug_class = entry.get("ingredient", ""), entry.get("class", "")
        if bool(ingredient) == bool(drug_class):
            raise CatalogDataError(f"{where}: give exactly one of 'ingredient' or 'class'")
        if drug_class and drug_class not in classes:
            raise CatalogDataError(f"{where}: no medication has class '{drug_class}'")
        explains = tuple(_require(entry, "explains", where, list))
        unknown = [code for code in explains if code not in analytes]
        if unknown:
            raise CatalogDataError(f"{where}: unknown analytes {unknown}")
        rules.append(Rule(ingredient.casefold(), drug_class, explains))
    return tuple(rules)


@functools.cache
def catalog() -> Catalog:
    drugs = _drugs(_read("medications.json"))
    analytes, panels, checks = _analytes(_read("analytes.json"))
    rules = _rules(_read("screen_explanations.json"), analytes, drugs)
    return Catalog(drugs, analytes, panels, checks, rules)
