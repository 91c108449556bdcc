"""Version history with differences highlighted (issue 9, point 2)."""

from django.test import SimpleTestCase, TestCase

from cairn.plans import drafting
from cairn.plans.diff import diff_rows, words_diff
from cairn.plans.documents import Row, relapse_rows, treatment_rows
from cairn.plans.models import Objective
from cairn.testing.cast import build_cast
from cairn.testing.plans import make_relapse_plan, make_treatment_plan


class WordsDiffTest(SimpleTestCase):
    def test_it_marks_inserted_and_deleted_words(self):
        html = words_diff("attend two meetings a week", "attend three meetings a week")
        self.assertEqual(html, "attend <del>two</del> <ins>three</ins> meetings a week")

    def test_it_escapes_text(self):
        self.assertIn("&lt;b&gt;", words_diff("a", "<b>"))

    def test_it_pairs_edited_list_entries(self):
        old = [Row("h", 0, "Places", ""), Row("h:bar", 1, "", "The bar", pairable=True)]
        new = [Row("h", 0, "Places", ""), Row("h:bar2", 1, "", "The bar on 5th", pairable=True)]
        states = [row.state for row in diff_rows(old, new)]
        self.assertEqual(states, ["same", "changed"])


class VersionDiffTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def test_it_shows_a_changed_objective_as_changed_and_a_new_one_as_added(self):
        first = make_treatment_plan(self.cast.client, by=self.cast.clinician, client_signed=True)
        second = drafting.new_version(first.plan, by=self.cast.clinician)
        changed = Objective.objects.filter(version=second).order_by("position").first()
        changed.text = "Objective 1: attend three meetings a week"
        changed.save()
        drafting.add_from_library(
            second, "anxiety", by=self.cast.clinician, revision=second.revision
        )
        rows = diff_rows(treatment_rows(first), treatment_rows(second))
        by_state = {}
        for row in rows:
            by_state.setdefault(row.state, []).append(row)
        self.assertEqual(len(by_state["changed"]), 1)
        self.assertIn("<ins>three</ins>", by_state["changed"][0].html)
        self.assertIn("Anxiety", " ".join(r.html for r in by_state["added"]))
        self.assertNotIn("removed", by_state)

    def test_it_compares_relapse_prevention_versions(self):
        old = make_relapse_plan(self.cast.client, by=self.cast.clinician)
        new_rows = relapse_rows(old)
        old.triggers_places = ["The Anchor Bar on 6th", "Concerts"]
        rows = diff_rows(new_rows, relapse_rows(old))
        changed = [r for r in rows if r.state != "same"]
        self.assertEqual([r.state for r in changed], ["changed", "added"])
