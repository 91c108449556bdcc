"""The rules as data: screening questions and the ASAM recommended-level rule (issue 4,
points 2 and 3)."""

from django.test import SimpleTestCase

from cairn.admissions import asam
from cairn.admissions.screening import QUESTIONS, evaluate

FITS = {
    "stepping_down": True,
    "needs_structure": True,
    "safe_housing": True,
    "withdrawal_risk": False,
    "imminent_risk": False,
    "can_attend": True,
}


class ScreeningRuleTest(SimpleTestCase):
    def test_it_finds_iop_fits_when_no_answer_raises_a_concern(self):
        outcome = evaluate(FITS)
        self.assertEqual((outcome.recommendation, outcome.reasons), ("fits_iop", []))

    def test_it_recommends_a_higher_level_for_each_answer_pointing_there(self):
        for field, answer in [
            ("needs_structure", False),
            ("safe_housing", False),
            ("withdrawal_risk", True),
            ("imminent_risk", True),
        ]:
            with self.subTest(field=field):
                outcome = evaluate({**FITS, field: answer})
                self.assertEqual(outcome.recommendation, "refer_higher")
                self.assertEqual(len(outcome.reasons), 1)

    def test_it_marks_imminent_risk_urgent(self):
        self.assertTrue(evaluate({**FITS, "imminent_risk": True}).urgent)
        self.assertFalse(evaluate({**FITS, "safe_housing": False}).urgent)

    def test_it_asks_for_review_when_the_person_cannot_attend(self):
        outcome = evaluate({**FITS, "can_attend": False})
        self.assertEqual(outcome.recommendation, "review")
        self.assertIn("3–5 days", outcome.reasons[0])

    def test_it_lets_a_higher_level_win_over_review_and_keeps_every_reason(self):
        outcome = evaluate({**FITS, "can_attend": False, "withdrawal_risk": True})
        self.assertEqual(outcome.recommendation, "refer_higher")
        self.assertEqual(len(outcome.reasons), 2)

    def test_it_treats_stepping_down_as_information_only(self):
        self.assertEqual(evaluate({**FITS, "stepping_down": False}).recommendation, "fits_iop")

    def test_it_asks_every_question_of_the_issue(self):
        self.assertEqual({q.field for q in QUESTIONS}, set(FITS))


class AsamRuleTest(SimpleTestCase):
    def ratings(self, **given):
        return {n: given.get(f"d{n}", 0) for n in range(1, 7)}

    def test_it_recommends_outpatient_for_low_ratings_and_iop_for_moderate_ones(self):
        self.assertEqual(asam.recommend("3", self.ratings()).level, "1")
        self.assertEqual(asam.recommend("3", self.ratings(d1=2, d5=2)).level, "2.1")

    def test_it_takes_the_most_intensive_level_any_dimension_points_to(self):
        result = asam.recommend("3", self.ratings(d3=3, d6=3, d5=2))
        self.assertEqual(result.level, "3.1")
        self.assertEqual([row["dimension"] for row in result.drivers], [6])

    def test_it_sends_severe_withdrawal_to_a_medically_managed_level(self):
        self.assertEqual(asam.recommend("3", self.ratings(d1=4)).level, "4")
        self.assertEqual(asam.recommend("3", self.ratings(d1=3)).level, "3.7")

    def test_it_reorders_the_rows_for_the_fourth_edition(self):
        # 4th edition dimension 5 (recovery environment) takes the environment row.
        self.assertEqual(asam.recommend("4", self.ratings(d5=3)).level, "3.1")
        self.assertEqual(asam.recommend("3", self.ratings(d5=3)).level, "2.5")

    def test_it_names_the_dimensions_per_edition(self):
        self.assertEqual(asam.dimension_names("3")[4], "Readiness to change")
        self.assertEqual(asam.dimension_names("4")[4], "Substance use-related risks")

    def test_it_explains_every_dimension_in_the_derivation(self):
        rows = asam.recommend("3", self.ratings(d2=2)).rows
        self.assertEqual([r["dimension"] for r in rows], [1, 2, 3, 4, 5, 6])
        self.assertEqual(
            rows[1],
            {
                "dimension": 2,
                "name": "Biomedical conditions and complications",
                "rating": 2,
                "level": "2.1",
                "drives": True,
            },
        )

    def test_it_documents_the_rule_in_the_module_docstring(self):
        text = " ".join(asam.__doc__.split())
        self.assertIn("the most intensive level any dimension points to", text)
