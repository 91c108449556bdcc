"""The instrument library: the data files match DOMAIN.md and the contract, and a broken data
file fails loudly, naming the file and the field."""

import copy
import dataclasses
import json
from importlib import resources

import pytest

from cairn.assessments.instruments import (
    InstrumentDataError,
    all_instruments,
    get_instrument,
    load_instrument,
)

CONTRACT_CODES = {"phq9", "gad7", "auditc", "audit", "dast10", "pcl5", "bam", "cssrs", "pacs"}

# contracts/instruments.md: band labels, lowercase, exactly, in order.
CONTRACT_BANDS = {
    "phq9": ["none-minimal", "mild", "moderate", "moderately severe", "severe"],
    "gad7": ["minimal", "mild", "moderate", "severe"],
    "auditc": ["negative", "positive"],
    "audit": ["zone i", "zone ii", "zone iii", "zone iv"],
    "dast10": ["none", "low", "moderate", "substantial", "severe"],
    "pcl5": ["below threshold", "probable ptsd"],
    "bam": ["not flagged", "flagged"],
    "cssrs": ["none", "low", "moderate", "high"],
    "pacs": ["n/a"],
}

# DOMAIN.md: LOINC panel / total.
DOMAIN_LOINC = {
    "phq9": ("44249-1", "44261-6"),
    "gad7": ("69737-5", "70274-6"),
    "auditc": ("72109-2", "75626-2"),
    "audit": ("72110-0", "75624-7"),
    "dast10": ("82666-9", "82667-7"),
    "pcl5": ("101697-1", "101698-9"),
    "bam": (None, None),
    "cssrs": (None, None),
    "pacs": (None, None),
}


def _numbers(first, last):
    return [str(n) for n in range(first, last + 1)]


def test_it_loads_every_contract_instrument():
    assert {instrument.code for instrument in all_instruments()} == CONTRACT_CODES


def test_it_caches_each_instrument():
    assert get_instrument("phq9") is get_instrument("phq9")


def test_it_freezes_instruments():
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_instrument("phq9").title = "changed"


@pytest.mark.parametrize("code", ["nope", "PHQ9", "", None])
def test_it_rejects_an_unknown_instrument_code(code):
    with pytest.raises(ValueError, match="unknown instrument"):
        get_instrument(code)


@pytest.mark.parametrize(
    ("code", "link_ids"),
    [
        ("phq9", _numbers(1, 9)),
        ("gad7", _numbers(1, 7)),
        ("auditc", _numbers(1, 3)),
        ("audit", _numbers(1, 10)),
        ("dast10", _numbers(1, 10)),
        ("pcl5", _numbers(1, 20)),
        ("bam", [*_numbers(1, 6), *[f"7{p}" for p in "abcdefg"], *_numbers(8, 17)]),
        ("cssrs", _numbers(1, 6)),
        ("pacs", _numbers(1, 5)),
    ],
)
def test_it_numbers_items_in_published_order(code, link_ids):
    assert list(get_instrument(code).link_ids) == link_ids


@pytest.mark.parametrize(("code", "labels"), CONTRACT_BANDS.items())
def test_it_uses_the_contract_band_labels(code, labels):
    assert [band.label for band in get_instrument(code).bands] == labels


@pytest.mark.parametrize(("code", "codes"), DOMAIN_LOINC.items())
def test_it_carries_the_domain_loinc_codes(code, codes):
    instrument = get_instrument(code)
    assert (instrument.loinc_panel, instrument.loinc_total) == codes


def test_it_codes_phq9_item_9_with_loinc():
    assert get_instrument("phq9").item("9").loinc == "44260-8"


@pytest.mark.parametrize(
    ("code", "fact"),
    [("pcl5", "loinc"), ("bam", "licence"), ("cssrs", "licence"), ("cssrs", "item 6")],
)
def test_it_marks_facts_domain_calls_unconfirmed(code, fact):
    assert fact in get_instrument(code).unconfirmed


@pytest.mark.parametrize("code", ["phq9", "gad7"])
def test_it_leaves_confirmed_instruments_unmarked(code):
    assert get_instrument(code).unconfirmed == ()


@pytest.mark.parametrize(("code", "points"), [("phq9", 6), ("gad7", 4), ("audit", None)])
def test_it_stores_the_reliable_change_index(code, points):
    assert get_instrument(code).reliable_change_index == points


def test_it_allows_only_0_2_4_on_audit_items_9_and_10():
    audit = get_instrument("audit")
    assert audit.item("9").allowed_values() == (0, 2, 4)
    assert audit.item("10").allowed_values() == (0, 2, 4)
    assert audit.item("8").allowed_values() == (0, 1, 2, 3, 4)


def test_it_reverses_dast10_item_3_in_the_data():
    dast = get_instrument("dast10")
    assert (dast.item("3").score_of(True), dast.item("3").score_of(False)) == (0, 1)
    assert (dast.item("4").score_of(True), dast.item("4").score_of(False)) == (1, 0)


def test_it_defines_the_bam_subscales_of_domain():
    subscales = {s.name: s for s in get_instrument("bam").subscales}
    assert subscales["use"].items == ("4", "5", "6")
    assert subscales["risk"].items == ("1", "2", "3", "8", "11", "15")
    assert subscales["protective"].items == ("9", "10", "12", "13", "14", "16")
    assert (subscales["use"].flag_at_least, subscales["risk"].flag_at_least) == (1, 12)
    assert subscales["protective"].flag_at_most == 12


def test_it_groups_bam_item_7_parts():
    (group,) = get_instrument("bam").groups
    assert (group.link_id, group.items) == ("7", tuple(f"7{p}" for p in "abcdefg"))


def test_it_asks_cssrs_items_3_to_5_only_after_a_yes_to_item_2():
    cssrs = get_instrument("cssrs")
    for link_id in ("3", "4", "5"):
        condition = cssrs.item(link_id).enable_when
        assert (condition.question, condition.answer) == ("2", True)
    assert cssrs.item("6").enable_when is None


# --- Broken data files -------------------------------------------------------------------------


def _data(code):
    path = resources.files("cairn.assessments") / "instruments" / f"{code}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _load_broken(tmp_path, code, breaks, name=None):
    data = copy.deepcopy(_data(code))
    breaks(data)
    path = tmp_path / (name or f"{code}.json")
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_instrument(path)


def _set(path, value):
    def breaks(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        target[last] = value

    return breaks


def _delete(key):
    return lambda data: data.pop(key)


BROKEN = [
    ("phq9", _delete("title"), "phq9.json: title: missing"),
    ("phq9", _set(["titel"], "PHQ-9"), "phq9.json: titel: unknown field"),
    ("phq9", _set(["items", 0, "answer_set"], "freq"), "items[0].answer_set: unknown answer set"),
    (
        "phq9",
        _set(["answer_sets", "frequency", "options", 1, "score"], True),
        "answer_sets.frequency.options[1].score: expected int, got True",
    ),
    (
        "phq9",
        _set(["answer_sets", "frequency", "options", 1, "score"], 0),
        "answer_sets.frequency.options: needs options with distinct scores",
    ),
    ("phq9", _set(["bands", 1, "lower"], 6), "phq9.json: bands[1]: 6-9 should start at 5"),
    ("phq9", _set(["bands", 4, "upper"], 26), "bands must end at the highest total, 27"),
    ("phq9", _set(["bands", 1, "label"], "none-minimal"), "band labels must be distinct"),
    ("phq9", _set(["total", "max"], 26), "phq9.json: total: min/max (0, 26)"),
    ("phq9", _set(["scoring"], "average"), "phq9.json: scoring: unknown rule 'average'"),
    ("phq9", _set(["items", 1, "link_id"], "1"), "duplicate link_id '1'"),
    ("phq9", _set(["critical_items", 0, "link_id"], "10"), "'10' is not a scored item"),
    ("phq9", _set(["items", 0, "type"], "string"), "items[0].type: expected choice, boolean"),
    ("bam", _set(["subscales", 0, "items"], ["4", "5", "99"]), "subscales.use: '99' is not"),
    ("bam", _set(["subscales", 0, "flag_at_most"], 3), "needs exactly one of flag_at_least"),
    ("cssrs", _set(["critical_bands", 0, "band"], "severe"), "'severe' is not a band label"),
    (
        "cssrs",
        _set(["items", 2, "enable_when", "question"], "6"),
        "item 3.enable_when: '6' is not an earlier item",
    ),
    (
        "cssrs",
        _set(["items", 2, "enable_when", "answer"], 1),
        "item 3.enable_when: 1 is not an answer of that item",
    ),
    ("dast10", _set(["items", 0, "scores"], {"yes": 1}), "items[0].scores.no: missing"),
    ("auditc", _delete("bands_by_sex"), "auditc.json: bands_by_sex: required by rule"),
    ("auditc", _set(["bands_by_sex", "other"], []), "bands_by_sex.other: expected one of"),
    ("pcl5", _delete("dsm5"), "pcl5.json: dsm5: required by rule"),
]


@pytest.mark.parametrize(("code", "breaks", "message"), BROKEN, ids=[m for *_, m in BROKEN])
def test_it_fails_loudly_naming_the_file_and_field(tmp_path, code, breaks, message):
    with pytest.raises(InstrumentDataError) as error:
        _load_broken(tmp_path, code, breaks)
    assert message in str(error.value)
    assert str(error.value).startswith(f"{code}.json: ")


def test_it_rejects_a_file_named_after_another_instrument(tmp_path):
    with pytest.raises(InstrumentDataError, match=r"gad7\.json: code: 'phq9' does not match"):
        _load_broken(tmp_path, "phq9", lambda data: None, name="gad7.json")


def test_it_rejects_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "phq9.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InstrumentDataError, match=r"phq9\.json: not valid JSON"):
        load_instrument(path)


def test_it_loads_an_unbroken_copy(tmp_path):
    assert _load_broken(tmp_path, "bam", lambda data: None) == get_instrument("bam")
