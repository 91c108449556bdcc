"""score() against contracts/instruments.md and DOMAIN.md: every band boundary, every special
rule, every kind of bad answer, and properties over random answers."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairn.assessments.instruments import SCORING_RULES, all_instruments, get_instrument
from cairn.assessments.scoring import (
    RULES,
    AnswerError,
    ScoreResult,
    bands,
    check_answers,
    is_critical,
    reliable_change,
    score,
    score_cssrs,
)


def answers_totalling(code, total):
    """Valid answers whose scores add up to ``total`` (filled from the last item back, so
    AUDIT's 0/2/4 items take the even part first)."""
    instrument = get_instrument(code)
    answers, remaining = {}, total
    for item in reversed(instrument.items):
        fits = [v for v in item.allowed_values() if item.score_of(v) <= remaining]
        value = max(fits, key=item.score_of)
        answers[item.link_id] = value
        remaining -= item.score_of(value)
    assert remaining == 0, f"{code} cannot reach {total}"
    return answers


def all_answers(code, value):
    return dict.fromkeys(get_instrument(code).link_ids, value)


# --- The contract's example --------------------------------------------------------------------


def test_it_scores_the_contract_example():
    answers = {"1": 2, "2": 1, "3": 0, "4": 3, "5": 1, "6": 0, "7": 2, "8": 1, "9": 1}
    assert score("phq9", answers) == ScoreResult(
        code="phq9", total=11, band="moderate", flags=["safety:item9"], subscales={}
    )


# --- Band boundaries of the summed instruments --------------------------------------------------

BOUNDARIES = [
    ("phq9", [(0, "none-minimal"), (4, "none-minimal"), (5, "mild"), (9, "mild")]),
    ("phq9", [(10, "moderate"), (14, "moderate"), (15, "moderately severe")]),
    ("phq9", [(19, "moderately severe"), (20, "severe"), (27, "severe")]),
    ("gad7", [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate")]),
    ("gad7", [(14, "moderate"), (15, "severe"), (21, "severe")]),
    ("audit", [(0, "zone i"), (7, "zone i"), (8, "zone ii"), (15, "zone ii")]),
    ("audit", [(16, "zone iii"), (19, "zone iii"), (20, "zone iv"), (40, "zone iv")]),
    ("dast10", [(0, "none"), (1, "low"), (2, "low"), (3, "moderate"), (5, "moderate")]),
    ("dast10", [(6, "substantial"), (8, "substantial"), (9, "severe"), (10, "severe")]),
    ("pcl5", [(0, "below threshold"), (32, "below threshold"), (33, "probable ptsd")]),
    ("pcl5", [(80, "probable ptsd")]),
    ("pacs", [(0, "n/a"), (15, "n/a"), (30, "n/a")]),
]
BOUNDARY_CASES = [(code, total, band) for code, pairs in BOUNDARIES for total, band in pairs]


@pytest.mark.parametrize(("code", "total", "band"), BOUNDARY_CASES)
def test_it_bands_each_boundary_total(code, total, band):
    result = score(code, answers_totalling(code, total))
    assert (result.total, result.band) == (total, band)


# --- PHQ-9 item 9 ------------------------------------------------------------------------------


def test_it_flags_phq9_item_9_above_zero_whatever_the_total():
    answers = {**all_answers("phq9", 0), "9": 1}
    result = score("phq9", answers)
    assert (result.total, result.band, result.flags) == (1, "none-minimal", ["safety:item9"])
    assert is_critical(result)


def test_it_does_not_flag_phq9_item_9_at_zero_even_when_severe():
    result = score("phq9", {**all_answers("phq9", 3), "9": 0})
    assert (result.total, result.band, result.flags) == (24, "severe", [])
    assert not is_critical(result)


# --- AUDIT and AUDIT-C ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 2, 4])
def test_it_accepts_0_2_4_on_audit_items_9_and_10(value):
    answers = {**all_answers("audit", 0), "9": value, "10": value}
    assert score("audit", answers).total == 2 * value


@pytest.mark.parametrize(("link_id", "value"), [("9", 1), ("9", 3), ("10", 1), ("10", 3)])
def test_it_rejects_1_and_3_on_audit_items_9_and_10(link_id, value):
    answers = {**all_answers("audit", 0), link_id: value}
    with pytest.raises(AnswerError, match=rf"audit item '{link_id}': {value} is out of range"):
        score("audit", answers)


@pytest.mark.parametrize(
    ("sex", "total", "band"),
    [
        ("male", 0, "negative"),
        ("male", 3, "negative"),
        ("male", 4, "positive"),
        ("male", 12, "positive"),
        ("female", 2, "negative"),
        ("female", 3, "positive"),
        ("female", 4, "positive"),
        (None, 2, "negative"),
        (None, 3, "positive"),
        (None, 4, "positive"),
    ],
)
def test_it_sets_the_auditc_cut_off_by_sex(sex, total, band):
    result = score("auditc", answers_totalling("auditc", total), sex=sex)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize("sex", ["M", "man", "other", "", 1])
def test_it_refuses_a_sex_outside_the_contract(sex):
    with pytest.raises(ValueError, match="sex must be 'male', 'female' or None"):
        score("auditc", answers_totalling("auditc", 3), sex=sex)


def test_it_ignores_sex_for_instruments_without_a_sex_rule():
    answers = answers_totalling("audit", 8)
    assert score("audit", answers, sex="male") == score("audit", answers, sex="female")


# --- DAST-10 item 3 is reversed ------------------------------------------------------------------


def test_it_scores_dast10_item_3_no_as_a_point():
    result = score("dast10", all_answers("dast10", False))
    assert (result.total, result.band) == (1, "low")


def test_it_scores_dast10_item_3_yes_as_no_point():
    result = score("dast10", all_answers("dast10", True))
    assert (result.total, result.band) == (9, "severe")


def test_it_reaches_dast10_zero_only_with_item_3_yes():
    result = score("dast10", {**all_answers("dast10", False), "3": True})
    assert (result.total, result.band) == (0, "none")


# --- PCL-5 cluster rule ---------------------------------------------------------------------------

MINIMAL_PROVISIONAL = {"1": 2, "6": 2, "8": 2, "9": 2, "15": 2, "16": 2}  # 1 B, 1 C, 2 D, 2 E


def pcl5(**rated):
    return {**all_answers("pcl5", 0), **MINIMAL_PROVISIONAL, **rated}


def test_it_flags_a_provisional_ptsd_diagnosis_at_the_cluster_minimum():
    result = score("pcl5", pcl5())
    assert (result.total, result.band, result.flags) == (
        12,
        "below threshold",
        ["dsm5:provisional"],
    )


@pytest.mark.parametrize(
    ("missing", "change"),
    [
        ("no B symptom", {"1": 1}),
        ("no C symptom", {"6": 1}),
        ("one D symptom", {"9": 1}),
        ("one E symptom", {"16": 1}),
    ],
)
def test_it_withholds_the_provisional_flag_when_a_cluster_falls_short(missing, change):
    assert score("pcl5", pcl5(**change)).flags == [], missing


def test_it_counts_a_symptom_only_from_a_rating_of_2():
    result = score("pcl5", all_answers("pcl5", 1))
    assert (result.total, result.flags) == (20, [])


def test_it_bands_probable_ptsd_without_the_cluster_rule():
    answers = {**all_answers("pcl5", 3), **dict.fromkeys(map(str, range(15, 21)), 1)}
    result = score("pcl5", answers)
    assert (result.total, result.band, result.flags) == (48, "probable ptsd", [])


# --- BAM subscales --------------------------------------------------------------------------------

# Use 0, Risk 0, Protective 13: nothing flagged.
BAM_CALM = {**all_answers("bam", 0), "9": 4, "10": 4, "12": 4, "13": 1}


def test_it_leaves_a_calm_bam_unflagged():
    result = score("bam", BAM_CALM)
    assert result == ScoreResult(
        "bam", 0, "not flagged", [], {"use": 0, "risk": 0, "protective": 13}
    )


@pytest.mark.parametrize(
    ("change", "subscale", "value", "flags"),
    [
        ({"4": 1}, "use", 1, ["bam:use"]),
        ({"6": 1}, "use", 1, ["bam:use"]),
        ({"1": 4, "2": 4, "3": 3}, "risk", 11, []),
        ({"1": 4, "2": 4, "3": 4}, "risk", 12, ["bam:risk"]),
        ({"13": 1}, "protective", 13, []),
        ({"13": 0}, "protective", 12, ["bam:protective"]),
    ],
)
def test_it_flags_each_bam_subscale_at_its_threshold(change, subscale, value, flags):
    result = score("bam", {**BAM_CALM, **change})
    assert (result.subscales[subscale], result.flags) == (value, flags)
    assert result.band == ("flagged" if flags else "not flagged")


def test_it_counts_flagged_bam_subscales_as_the_total():
    result = score("bam", all_answers("bam", 4) | {"9": 0, "10": 0, "14": 0})
    assert result.flags == ["bam:use", "bam:risk", "bam:protective"]
    assert (result.total, result.band) == (3, "flagged")
    assert result.subscales == {"use": 12, "risk": 24, "protective": 12}


def test_it_leaves_bam_items_7_and_17_out_of_the_subscales():
    parts = dict.fromkeys([f"7{p}" for p in "abcdefg"], 4)
    assert score("bam", {**BAM_CALM, **parts, "17": 4}) == score("bam", BAM_CALM)


def test_it_allows_only_no_or_yes_scores_on_bam_item_14():
    with pytest.raises(AnswerError, match=r"bam item '14': 2 is out of range \(allowed: 0, 4\)"):
        score("bam", {**BAM_CALM, "14": 2})


# --- C-SSRS -------------------------------------------------------------------------------------

CSSRS_NO = {"1": False, "2": False, "6": False}
CSSRS_THOUGHTS = {"1": True, "2": True, "3": False, "4": False, "5": False, "6": False}


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        (CSSRS_NO, 0, "none"),
        ({**CSSRS_NO, "1": True}, 1, "low"),
        (CSSRS_THOUGHTS, 2, "low"),
        ({**CSSRS_THOUGHTS, "1": False}, 2, "low"),
        ({**CSSRS_THOUGHTS, "3": True}, 3, "moderate"),
        ({**CSSRS_THOUGHTS, "4": True}, 4, "high"),
        ({**CSSRS_THOUGHTS, "5": True}, 5, "high"),
        ({**CSSRS_THOUGHTS, "6": True}, 6, "high"),
        ({**CSSRS_NO, "6": True}, 6, "high"),
    ],
)
def test_it_sets_cssrs_risk_by_the_highest_yes(answers, total, band):
    result = score("cssrs", answers)
    assert (result.total, result.band) == (total, band)
    assert result.flags == (["safety:cssrs"] if band == "high" else [])
    assert is_critical(result) == (band == "high")


@pytest.mark.parametrize("link_id", ["3", "4", "5"])
def test_it_requires_cssrs_items_3_to_5_after_a_yes_to_item_2(link_id):
    answers = {k: v for k, v in CSSRS_THOUGHTS.items() if k != link_id}
    with pytest.raises(AnswerError, match=rf"cssrs item '{link_id}': missing answer"):
        score("cssrs", answers)


@pytest.mark.parametrize("value", [False, True])
def test_it_refuses_cssrs_item_3_after_a_no_to_item_2(value):
    with pytest.raises(
        AnswerError, match=r"cssrs item '3': must be left out: .* item '2' is answered yes"
    ):
        score("cssrs", {**CSSRS_NO, "3": value})


def test_it_lets_a_program_map_cssrs_items_to_its_own_risk_levels():
    own = {"1": "low", "2": "low", "3": "moderate", "4": "high", "5": "high", "6": "moderate"}
    result = score_cssrs({**CSSRS_NO, "6": True}, risk_by_item=own)
    assert (result.total, result.band, result.flags) == (6, "moderate", [])


def test_it_takes_the_most_severe_level_among_the_yes_items():
    own = {"1": "high", "2": "low", "3": "low", "4": "low", "5": "low", "6": "low"}
    result = score_cssrs({**CSSRS_THOUGHTS, "4": True}, risk_by_item=own)
    assert (result.band, result.flags) == ("high", ["safety:cssrs"])


def test_it_uses_the_domain_mapping_by_default():
    answers = {**CSSRS_THOUGHTS, "3": True}
    assert score_cssrs(answers) == score("cssrs", answers)


@pytest.mark.parametrize(
    "mapping",
    [
        {"1": "low", "2": "low", "3": "moderate", "4": "high", "5": "high"},
        {"1": "low", "2": "low", "3": "moderate", "4": "high", "5": "high", "6": "severe"},
    ],
)
def test_it_refuses_an_incomplete_or_unknown_cssrs_mapping(mapping):
    with pytest.raises(ValueError, match="risk_by_item must map each of items"):
        score_cssrs(CSSRS_NO, risk_by_item=mapping)


# --- Bad answers: the message names the item -----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "change", "message"),
    [
        ("phq9", {"9": None}, "phq9 item '9': expected an integer score, got None"),
        ("phq9", {"1": 4}, r"phq9 item '1': 4 is out of range \(allowed: 0, 1, 2, 3\)"),
        ("phq9", {"1": -1}, "phq9 item '1': -1 is out of range"),
        ("phq9", {"2": "2"}, "phq9 item '2': expected an integer score, got '2'"),
        ("phq9", {"2": 2.0}, "phq9 item '2': expected an integer score, got 2.0"),
        ("phq9", {"3": True}, "phq9 item '3': expected an integer score, got True"),
        ("gad7", {"7": False}, "gad7 item '7': expected an integer score, got False"),
        ("pacs", {"5": 7}, "pacs item '5': 7 is out of range"),
        ("dast10", {"1": 1}, "dast10 item '1': expected True or False, got 1"),
        ("dast10", {"3": 0}, "dast10 item '3': expected True or False, got 0"),
        ("dast10", {"4": "yes"}, "dast10 item '4': expected True or False, got 'yes'"),
        ("cssrs", {"1": 1}, "cssrs item '1': expected True or False, got 1"),
    ],
)
def test_it_refuses_a_wrong_answer_naming_the_item(code, change, message):
    answers = answers_totalling(code, 0) if code != "cssrs" else dict(CSSRS_NO)
    with pytest.raises(AnswerError, match=message):
        score(code, {**answers, **change})


@pytest.mark.parametrize("link_id", ["1", "5", "9"])
def test_it_refuses_a_missing_answer_naming_the_item(link_id):
    answers = {k: v for k, v in all_answers("phq9", 0).items() if k != link_id}
    with pytest.raises(AnswerError, match=rf"phq9 item '{link_id}': missing answer") as error:
        score("phq9", answers)
    assert error.value.item == link_id


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("10", "phq9 item '10': unknown item"),
        ("7a", "phq9 item '7a': unknown item"),
        (1, r"phq9 item 1: unknown item \(item ids are strings, such as '1'\)"),
    ],
)
def test_it_refuses_an_unknown_item_naming_it(extra, message):
    with pytest.raises(AnswerError, match=message):
        score("phq9", {**all_answers("phq9", 0), extra: 0})


def test_it_refuses_empty_answers_naming_the_first_item():
    with pytest.raises(AnswerError, match="gad7 item '1': missing answer"):
        score("gad7", {})


def test_it_raises_value_errors_for_bad_answers():
    assert issubclass(AnswerError, ValueError)


def test_it_refuses_answers_that_are_not_a_mapping():
    with pytest.raises(TypeError, match="answers must map item ids to values"):
        score("phq9", [0] * 9)


def test_it_refuses_an_unknown_instrument():
    with pytest.raises(ValueError, match="unknown instrument 'phq10'"):
        score("phq10", {})


# --- Result and helpers --------------------------------------------------------------------------


def test_it_returns_a_frozen_result():
    result = score("gad7", all_answers("gad7", 0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 1


def test_it_gives_each_result_its_own_subscales():
    first = score("phq9", all_answers("phq9", 0))
    first.subscales["x"] = 1
    assert score("phq9", all_answers("phq9", 0)).subscales == {}


def test_it_registers_a_function_for_every_rule_the_data_may_name():
    assert set(RULES) == set(SCORING_RULES)
    assert {instrument.scoring for instrument in all_instruments()} <= set(RULES)


@pytest.mark.parametrize(("code", "points"), [("phq9", 6), ("gad7", 4), ("pcl5", None)])
def test_it_reports_the_reliable_change_threshold(code, points):
    assert reliable_change(code) == points


def test_it_gives_band_thresholds_for_charts():
    assert [(b.lower, b.upper) for b in bands("gad7")] == [(0, 4), (5, 9), (10, 14), (15, 21)]
    assert [b.lower for b in bands("auditc", sex="male")] == [0, 4]
    assert [b.lower for b in bands("auditc")] == [0, 3]


# --- Properties over random answers --------------------------------------------------------------


@st.composite
def valid_answers(draw, instrument):
    """Random answers that follow the instrument's skip logic."""
    answers = {}
    for item in instrument.items:
        condition = item.enable_when
        if condition and answers.get(condition.question) is not condition.answer:
            continue
        answers[item.link_id] = draw(st.sampled_from(item.allowed_values()))
    return answers


@st.composite
def one_bad_answer(draw, instrument):
    """Valid answers but one: a value the item does not allow, or of the wrong type."""
    answers = draw(valid_answers(instrument))
    link_id = draw(st.sampled_from(sorted(answers)))
    item = instrument.item(link_id)
    others = st.one_of(st.none(), st.text(max_size=3), st.floats(allow_nan=False))
    if item.type == "boolean":
        bad = draw(st.one_of(st.integers(), others))
    else:
        outside = st.integers().filter(lambda v: v not in item.allowed_values())
        bad = draw(st.one_of(outside, st.booleans(), others))
    answers[link_id] = bad
    return link_id, answers


SUMMED = [
    i.code for i in all_instruments() if i.scoring in ("sum", "auditc_sex_cutoff", "pcl5_dsm5")
]


@pytest.mark.parametrize("code", SUMMED)
@given(data=st.data(), sex=st.sampled_from([None, "male", "female"]))
def test_it_totals_the_option_scores_and_bands_the_total(code, data, sex):
    instrument = get_instrument(code)
    answers = data.draw(valid_answers(instrument))
    result = score(code, answers, sex=sex)
    assert result.total == sum(instrument.item(k).score_of(v) for k, v in answers.items())
    (band,) = [b for b in instrument.bands_for(sex) if b.covers(result.total)]
    assert result.band == band.label


@given(data=st.data())
def test_it_counts_bam_flags_and_sums_bam_subscales(data):
    bam = get_instrument("bam")
    answers = data.draw(valid_answers(bam))
    result = score("bam", answers)
    for subscale in bam.subscales:
        assert result.subscales[subscale.name] == sum(answers[i] for i in subscale.items)
    assert result.total == len(result.flags)
    assert result.band == ("flagged" if result.flags else "not flagged")


@given(data=st.data())
def test_it_bands_cssrs_by_the_highest_yes(data):
    answers = data.draw(valid_answers(get_instrument("cssrs")))
    result = score("cssrs", answers)
    assert result.total == max((int(k) for k, v in answers.items() if v), default=0)
    assert get_instrument("cssrs").band_for(result.total).label == result.band


@pytest.mark.parametrize("instrument", all_instruments(), ids=lambda i: i.code)
@given(data=st.data())
def test_it_refuses_any_invalid_value_naming_its_item(instrument, data):
    link_id, answers = data.draw(one_bad_answer(instrument))
    with pytest.raises(AnswerError) as error:
        score(instrument.code, answers)
    assert error.value.item == link_id
    assert f"item {link_id!r}" in str(error.value)


@pytest.mark.parametrize("instrument", all_instruments(), ids=lambda i: i.code)
@given(data=st.data())
def test_it_checks_answers_without_changing_them(instrument, data):
    answers = data.draw(valid_answers(instrument))
    assert check_answers(instrument, answers) == answers
