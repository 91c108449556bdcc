"""The data files: they load, cross-reference, and name medications as typed."""

import pytest

from cairn.medications import catalog as catalog_module
from cairn.medications.catalog import CatalogDataError, Rule, catalog
from cairn.medications.models import Route, ScreenMethod


def test_it_loads_every_data_file():
    cat = catalog()
    assert "buprenorphine-naloxone" in cat.drugs
    assert "urine_cup_14" in cat.panels
    assert cat.rules


def test_it_uses_only_routes_and_methods_the_models_know():
    cat = catalog()
    assert {p.route for d in cat.drugs.values() for p in d.products} <= set(Route.values)
    assert {panel.method for panel in cat.panels.values()} <= set(ScreenMethod.values)


def test_it_carries_no_codes():
    """Codes are never hand-typed (DESIGN.md); the list names drugs only."""
    for drug in catalog().drugs.values():
        assert not any(ch.isdigit() for ch in drug.key.replace("-", "")), drug.key


@pytest.mark.parametrize(
    ("typed", "key", "strength"),
    [
        (
            "Buprenorphine/naloxone 8 mg/2 mg sublingual film — Suboxone, Zubsolv",
            "buprenorphine-naloxone",
            "8 mg/2 mg",
        ),
        ("suboxone", "buprenorphine-naloxone", None),
        ("  VIVITROL ", "naltrexone", None),
        ("Klonopin", "clonazepam", None),
        ("Adderall XR", "amphetamine-dextroamphetamine", None),
        ("Herbal sleep tea", None, None),
    ],
)
def test_it_matches_what_is_typed(typed, key, strength):
    match = catalog().match(typed)
    assert (match.drug.key if match.drug else None) == key
    assert (match.product.strength if match.product else None) == strength


def test_it_searches_by_any_word():
    found = catalog().search("naltrexone inject")
    assert found == [
        "Naltrexone 380 mg extended-release injectable suspension (monthly) — Vivitrol, Revia"
    ]


def test_it_refuses_a_rule_naming_an_unknown_substance(monkeypatch):
    def broken(name):
        if name == "screen_explanations.json":
            return {"rules": [{"ingredient": "methadone", "explains": ["unobtainium"]}]}
        return original(name)

    original = catalog_module._read
    monkeypatch.setattr(catalog_module, "_read", broken)
    catalog.cache_clear()
    try:
        with pytest.raises(CatalogDataError, match="unobtainium"):
            catalog()
    finally:
        monkeypatch.undo()
        catalog.cache_clear()
    assert Rule("methadone", "", ("methadone", "eddp")) in catalog().rules
