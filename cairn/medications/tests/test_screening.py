"""Recording screens, classifying positives, and the recovery-date prompt (screening.py,
recovery.py)."""

from django.core.exceptions import ValidationError

from cairn.medications import recovery, screening
from cairn.medications.models import DrugScreen, RecoveryDate, ScreenResult
from cairn.medications.screening import ScreenInput
from cairn.medications.tests.factories import days_ago, make_medication, make_recovery, results
from cairn.testing.cases import CastTestCase
from cairn.worklist.models import Alert


def screen_input(**overrides) -> ScreenInput:
    values = {
        "collected_on": days_ago(1),
        "method": "urine_cup",
        "panel": "urine_cup_12",
        "observed": True,
        "results": results(),
    }
    values.update(overrides)
    return ScreenInput(**values)


class RecordScreenTest(CastTestCase):
    def record(self, **overrides):
        return screening.record_screen(
            self.cast.client, screen_input(**overrides), by=self.cast.clinician
        )

    def test_it_marks_a_prescribed_buprenorphine_positive_expected(self):
        make_medication(self.cast.client, self.cast.prescriber)
        screen = self.record(results=results(buprenorphine="positive"))
        row = screen.results.get(analyte="buprenorphine")
        self.assertEqual((row.classification, row.auto_classification), ("expected", "expected"))
        self.assertIn("Buprenorphine/naloxone", row.explained_by)
        self.assertFalse(Alert.objects.exists())

    def test_it_ignores_a_medication_entered_in_error(self):
        make_medication(self.cast.client, self.cast.prescriber, entered_in_error=True)
        screen = self.record(results=results(buprenorphine="positive"))
        self.assertEqual(screen.results.get(analyte="buprenorphine").classification, "unexpected")

    def test_it_flags_the_chart_for_an_unexpected_positive(self):
        screen = self.record(results=results(cocaine="positive"))
        alert = Alert.objects.get()
        self.assertEqual(
            (alert.kind, alert.source), ("drug_screen", f"medications.screen:{screen.pk}")
        )
        self.assertIn("Cocaine", alert.message)
        self.assertNotIn("recovery date", alert.message)

    def test_it_prompts_a_review_of_the_recovery_date_without_changing_it(self):
        make_recovery(self.cast.client, self.cast.clinician, days=40)
        self.record(results=results(cocaine="positive"))
        self.assertIn("Review the recovery date", Alert.objects.get().message)
        self.assertEqual(RecoveryDate.objects.count(), 1)

    def test_it_does_not_prompt_for_a_positive_before_the_recovery_date(self):
        make_recovery(self.cast.client, self.cast.clinician, days=1)
        self.record(collected_on=days_ago(5), results=results(cocaine="positive"))
        self.assertNotIn("recovery date", Alert.objects.get().message)

    def test_it_refuses_a_screen_dated_in_the_future_and_saves_nothing(self):
        with self.assertRaises(ValidationError) as refusal:
            self.record(collected_on=days_ago(-1))
        self.assertIn("collected_on", refusal.exception.message_dict)
        self.assertFalse(DrugScreen.objects.exists())

    def test_it_refuses_an_unknown_result_value_and_saves_nothing(self):
        with self.assertRaises(ValidationError) as refusal:
            self.record(results=results(cocaine="maybe"))
        self.assertIn("result_cocaine", refusal.exception.message_dict)
        self.assertFalse(ScreenResult.objects.exists())

    def test_it_refuses_a_substance_the_panel_does_not_test(self):
        with self.assertRaises(ValidationError) as refusal:
            self.record(results={**results(), "fentanyl": "negative"})
        self.assertIn("panel", refusal.exception.message_dict)

    def test_it_notes_a_validity_concern(self):
        screen = self.record(validity={"temperature": "abnormal", "ph": "normal"})
        self.assertTrue(screen.validity_concern)


class ClassifyTest(CastTestCase):
    def setUp(self):
        self.screen = screening.record_screen(
            self.cast.client,
            screen_input(results=results(benzodiazepines="positive")),
            by=self.cast.clinician,
        )
        self.row = self.screen.results.get(analyte="benzodiazepines")

    def test_it_confirms_without_a_reason(self):
        row = screening.classify_result(
            self.row, classification="unexpected", reason="", version=1, by=self.cast.clinician
        )
        self.assertTrue(row.confirmed)
        self.assertFalse(row.changed_by_clinician)

    def test_it_needs_a_reason_to_change(self):
        with self.assertRaises(ValidationError) as refusal:
            screening.classify_result(
                self.row, classification="expected", reason=" ", version=1, by=self.cast.clinician
            )
        self.assertIn("reason", refusal.exception.message_dict)
        self.row.refresh_from_db()
        self.assertEqual(self.row.classification, "unexpected")

    def test_it_closes_the_flag_when_nothing_unexpected_is_left(self):
        screening.classify_result(
            self.row,
            classification="expected",
            reason="Lorazepam from ER verified",
            version=1,
            by=self.cast.clinician,
        )
        alert = Alert.objects.get()
        self.assertIsNotNone(alert.resolved_at)
        self.assertIn("Lorazepam from ER verified", alert.resolution)

    def test_it_refuses_a_stale_version(self):
        screening.classify_result(
            self.row, classification="unexpected", reason="", version=1, by=self.cast.clinician
        )
        with self.assertRaises(screening.Conflict):
            screening.classify_result(
                self.row, classification="expected", reason="x", version=1, by=self.cast.clinician
            )


class RecoveryTest(CastTestCase):
    def test_it_keeps_history_and_closes_the_prompt_when_reviewed(self):
        first = make_recovery(self.cast.client, self.cast.clinician, days=40)
        screen = screening.record_screen(
            self.cast.client,
            screen_input(results=results(cocaine="positive")),
            by=self.cast.clinician,
        )
        row = recovery.set_recovery_date(
            self.cast.client,
            recovery_on=days_ago(1),
            note="Used on the weekend; disclosed.",
            by=self.cast.clinician,
        )
        self.assertEqual(row.prompted_by, screen)
        self.assertEqual(list(RecoveryDate.objects.all()), [row, first])
        self.assertIsNotNone(Alert.objects.get().resolved_at)

    def test_it_needs_a_note_to_change_the_date(self):
        make_recovery(self.cast.client, self.cast.clinician, days=40)
        with self.assertRaises(ValidationError) as refusal:
            recovery.set_recovery_date(
                self.cast.client, recovery_on=days_ago(3), note="", by=self.cast.clinician
            )
        self.assertIn("note", refusal.exception.message_dict)
        self.assertEqual(RecoveryDate.objects.count(), 1)

    def test_it_refuses_a_future_recovery_date(self):
        with self.assertRaises(ValidationError):
            recovery.set_recovery_date(
                self.cast.client, recovery_on=days_ago(-2), note="", by=self.cast.clinician
            )

    def test_it_counts_days_since(self):
        self.assertEqual(
            make_recovery(self.cast.client, self.cast.clinician, days=57).days_since(), 57
        )
