"""to_fhir_questionnaire(): every instrument exports as a valid FHIR Questionnaire.

fhir.resources 8 ships R5 (its default), R4B and STU3 but no R4 package. R4B is the nearest to
R4 and its Questionnaire has R4's elements, so the exports are validated against R4B.
"""

import json
import re

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from cairn.assessments.instruments import all_instruments, get_instrument
from cairn.assessments.questionnaire import LOINC, ORDINAL_VALUE, to_fhir_questionnaire

INSTRUMENTS = pytest.mark.parametrize("instrument", all_instruments(), ids=lambda i: i.code)


def _questions(items):
    """Answerable items, groups flattened, in order."""
    for item in items:
        if item["type"] == "group":
            yield from _questions(item["item"])
        elif item["type"] != "display":
            yield item


def _question(code, link_id):
    items = _questions(to_fhir_questionnaire(get_instrument(code))["item"])
    return next(item for item in items if item["linkId"] == link_id)


@INSTRUMENTS
def test_it_exports_a_valid_fhir_questionnaire(instrument):
    exported = to_fhir_questionnaire(instrument)
    parsed = Questionnaire.model_validate(exported)
    assert parsed.status == "active"
    assert json.loads(json.dumps(exported)) == exported


@INSTRUMENTS
def test_it_keeps_the_item_ids_in_published_order(instrument):
    items = _questions(to_fhir_questionnaire(instrument)["item"])
    assert [item["linkId"] for item in items] == list(instrument.link_ids)


@INSTRUMENTS
def test_it_gives_a_computer_friendly_name(instrument):
    assert re.fullmatch(r"[A-Z][A-Za-z0-9_]{0,254}", to_fhir_questionnaire(instrument)["name"])


@INSTRUMENTS
def test_it_requires_every_question(instrument):
    assert all(item["required"] for item in _questions(to_fhir_questionnaire(instrument)["item"]))


def test_it_builds_the_canonical_url_on_the_default_base():
    exported = to_fhir_questionnaire(get_instrument("phq9"))
    assert exported["url"] == "https://cairn.example.org/fhir/Questionnaire/phq9"
    assert (exported["id"], exported["version"]) == ("phq9", "1.0.0")


def test_it_builds_the_canonical_url_on_a_given_base():
    exported = to_fhir_questionnaire(get_instrument("gad7"), base_url="https://iop.example/fhir/")
    assert exported["url"] == "https://iop.example/fhir/Questionnaire/gad7"


def test_it_codes_the_questionnaire_with_the_loinc_panel():
    assert to_fhir_questionnaire(get_instrument("phq9"))["code"] == [
        {"system": LOINC, "code": "44249-1"}
    ]


@pytest.mark.parametrize("code", ["pcl5", "bam", "cssrs", "pacs"])
def test_it_leaves_out_missing_or_unconfirmed_loinc_panels(code):
    assert "code" not in to_fhir_questionnaire(get_instrument(code))


def test_it_codes_phq9_item_9_with_loinc():
    assert _question("phq9", "9")["code"] == [{"system": LOINC, "code": "44260-8"}]


def test_it_uses_loinc_answer_codes_where_known():
    option = _question("phq9", "1")["answerOption"][0]["valueCoding"]
    assert option == {
        "extension": [{"url": ORDINAL_VALUE, "valueDecimal": 0}],
        "system": LOINC,
        "code": "LA6568-5",
        "display": "Not at all",
    }


def test_it_uses_cairns_code_system_elsewhere_with_scores_as_ordinal_values():
    options = [o["valueCoding"] for o in _question("audit", "9")["answerOption"]]
    assert {o["system"] for o in options} == {
        "https://cairn.example.org/fhir/CodeSystem/audit-answers"
    }
    assert [o["code"] for o in options] == ["harm-0", "harm-2", "harm-4"]
    assert [o["extension"][0]["valueDecimal"] for o in options] == [0, 2, 4]


def test_it_puts_the_answer_code_system_on_the_given_base():
    exported = to_fhir_questionnaire(get_instrument("pacs"), base_url="https://iop.example/fhir")
    option = exported["item"][1]["answerOption"][0]["valueCoding"]
    assert option["system"] == "https://iop.example/fhir/CodeSystem/pacs-answers"


@pytest.mark.parametrize("link_id", ["3", "4", "5"])
def test_it_asks_cssrs_items_3_to_5_only_after_a_yes_to_item_2(link_id):
    assert _question("cssrs", link_id)["enableWhen"] == [
        {"question": "2", "operator": "=", "answerBoolean": True}
    ]


def test_it_always_asks_cssrs_item_6():
    assert "enableWhen" not in _question("cssrs", "6")


def test_it_exports_yes_no_items_as_booleans():
    item = _question("dast10", "3")
    assert item["type"] == "boolean"
    assert "answerOption" not in item


def test_it_nests_bam_item_7_parts_in_a_group():
    (group,) = [
        i for i in to_fhir_questionnaire(get_instrument("bam"))["item"] if i["linkId"] == "7"
    ]
    assert group["type"] == "group"
    assert [part["linkId"] for part in group["item"]] == [f"7{p}" for p in "abcdefg"]


def test_it_shows_the_instructions_first():
    first = to_fhir_questionnaire(get_instrument("phq9"))["item"][0]
    assert first["type"] == "display"
    assert first["text"].startswith("Over the last 2 weeks")


def test_it_carries_the_licence_as_copyright():
    exported = to_fhir_questionnaire(get_instrument("phq9"))
    assert "No permission required to reproduce" in exported["copyright"]
