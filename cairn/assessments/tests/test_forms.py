"""``AnswerForm``: what a browser sends becomes the contract's types, every error names the
question, and a question that is not asked drops its answer (FHIR enableWhen)."""

from django.test import SimpleTestCase

from cairn.assessments.forms import AnswerForm
from cairn.assessments.instruments import get_instrument
from cairn.assessments.scoring import AnswerError


def form(code, data):
    return AnswerForm(get_instrument(code), data)


class AnswerFormTest(SimpleTestCase):
    def test_it_converts_choices_to_scores_and_yes_no_to_booleans(self):
        phq = form("phq9", {"q1": "2", "q9": "0"})
        self.assertTrue(phq.is_valid())
        self.assertEqual(phq.answers()["1"], 2)
        self.assertEqual(phq.answers()["2"], None)
        dast = form("dast10", {"q1": "yes", "q3": "no"})
        self.assertTrue(dast.is_valid())
        self.assertIs(dast.answers()["1"], True)
        self.assertIs(dast.answers()["3"], False)

    def test_it_keeps_audit_items_9_and_10_scores(self):
        audit = form("audit", {"q9": "4", "q10": "2"})
        self.assertTrue(audit.is_valid())
        self.assertEqual((audit.answers()["9"], audit.answers()["10"]), (4, 2))

    def test_it_refuses_an_out_of_range_answer_naming_the_question(self):
        for code, data, field in (
            ("phq9", {"q4": "4"}, "q4"),
            ("audit", {"q9": "1"}, "q9"),  # items 9-10: 0, 2 or 4
            ("dast10", {"q2": "maybe"}, "q2"),
        ):
            with self.subTest(code=code):
                bad = form(code, data)
                self.assertFalse(bad.is_valid())
                question = field.removeprefix("q")
                self.assertIn(f"Question {question}:", bad.errors[field][0])

    def test_it_asks_for_every_question_before_submitting(self):
        partial = form("gad7", {"q1": "1", "q2": "1"})
        self.assertTrue(partial.is_valid())
        self.assertFalse(partial.require_all())
        self.assertEqual(partial.errors["q3"], ["Answer question 3 before submitting."])
        self.assertNotIn("q1", partial.errors)

    def test_it_drops_c_ssrs_3_to_5_when_question_2_is_no(self):
        cssrs = form("cssrs", {"q1": "yes", "q2": "no", "q3": "yes", "q6": "no"})
        self.assertTrue(cssrs.is_valid())
        self.assertIsNone(cssrs.answers()["3"])
        self.assertTrue(cssrs.require_all())

    def test_it_asks_c_ssrs_3_to_5_when_question_2_is_yes(self):
        cssrs = form("cssrs", {"q1": "yes", "q2": "yes", "q6": "no"})
        self.assertTrue(cssrs.is_valid())
        self.assertFalse(cssrs.require_all())
        self.assertEqual(set(cssrs.errors), {"q3", "q4", "q5"})

    def test_it_shows_an_operations_refusal_on_the_question(self):
        phq = form("phq9", {"q1": "1"})
        phq.is_valid()
        phq.add_answer_error(AnswerError("phq9", "7", "missing answer"))
        self.assertEqual(phq.errors["q7"], ["Question 7: missing answer."])

    def test_it_lays_out_bam_item_7_as_a_group(self):
        questions = form("bam", None).questions()
        parts = [q for q in questions if q.group]
        self.assertEqual([q.link_id for q in parts], ["7a", "7b", "7c", "7d", "7e", "7f", "7g"])
        self.assertEqual([q.group_start for q in parts][:2], [True, False])
