"""Medication list and allergies: the rules of prescribing.py."""

from django.core.exceptions import ValidationError

from cairn.audit.models import AuditEvent
from cairn.medications import prescribing
from cairn.medications.models import Allergy, Medication
from cairn.medications.prescribing import MedicationInput
from cairn.medications.tests.factories import days_ago, make_medication
from cairn.testing.cases import CastTestCase

VIVITROL = "Naltrexone 380 mg extended-release injectable suspension (monthly) — Vivitrol, Revia"


def med_input(**overrides) -> MedicationInput:
    values = {
        "name": VIVITROL,
        "dose": "380 mg",
        "route": "",
        "frequency": "every 28 days",
        "start_date": days_ago(5),
        "reason": "substance_use",
        "outside_prescriber": "Dr. Lee, Harbor Clinic",
    }
    values.update(overrides)
    return MedicationInput(**values)


class AddMedicationTest(CastTestCase):
    def test_it_fills_a_listed_product_and_marks_it_for_addiction_treatment(self):
        med = prescribing.add_medication(self.cast.client, med_input(), by=self.cast.prescriber)
        self.assertEqual(
            (med.name, med.strength, med.route, med.catalog_key, med.is_mat),
            ("Naltrexone", "380 mg", "intramuscular", "naltrexone", True),
        )
        self.assertEqual(med.reason_detail, "opioid or alcohol use disorder")
        self.assertTrue(
            AuditEvent.objects.filter(action="medication.add", object_id=str(med.pk)).exists()
        )

    def test_it_keeps_an_unlisted_name_as_free_text_not_coded(self):
        med = prescribing.add_medication(
            self.cast.client,
            med_input(name="Kratom taper", route="oral", reason="other"),
            by=self.cast.prescriber,
        )
        self.assertEqual((med.name, med.catalog_key, med.coded), ("Kratom taper", "", False))

    def test_it_refuses_a_stop_date_before_the_start_and_saves_nothing(self):
        with self.assertRaises(ValidationError) as refusal:
            prescribing.add_medication(
                self.cast.client,
                med_input(start_date=days_ago(5), stop_date=days_ago(9)),
                by=self.cast.prescriber,
            )
        self.assertIn("stop_date", refusal.exception.message_dict)
        self.assertFalse(Medication.objects.exists())

    def test_it_refuses_a_medication_without_a_prescriber(self):
        with self.assertRaises(ValidationError) as refusal:
            prescribing.add_medication(
                self.cast.client, med_input(outside_prescriber=""), by=self.cast.prescriber
            )
        self.assertIn("outside_prescriber", refusal.exception.message_dict)

    def test_it_refuses_a_prescriber_from_outside_the_program_list(self):
        with self.assertRaises(ValidationError) as refusal:
            prescribing.add_medication(
                self.cast.client, med_input(prescriber=self.cast.clinician), by=self.cast.prescriber
            )
        self.assertIn("prescriber", refusal.exception.message_dict)

    def test_it_accepts_a_prescriber_of_the_program(self):
        med = prescribing.add_medication(
            self.cast.client, med_input(prescriber=self.cast.prescriber), by=self.cast.prescriber
        )
        self.assertEqual((med.prescriber, med.outside_prescriber), (self.cast.prescriber, ""))

    def test_it_refuses_addiction_treatment_for_another_reason(self):
        with self.assertRaises(ValidationError) as refusal:
            prescribing.add_medication(
                self.cast.client,
                med_input(name="Sertraline", route="oral", reason="co_occurring", is_mat=True),
                by=self.cast.prescriber,
            )
        self.assertIn("reason", refusal.exception.message_dict)


class ChangeMedicationTest(CastTestCase):
    def setUp(self):
        self.med = make_medication(self.cast.client, self.cast.prescriber)

    def test_it_stops_the_old_row_and_starts_one_that_replaces_it(self):
        new = prescribing.change_medication(
            self.med,
            med_input(
                name="Suboxone", strength="12 mg/3 mg", route="sublingual", start_date=days_ago(2)
            ),
            version=1,
            by=self.cast.prescriber,
        )
        self.med.refresh_from_db()
        self.assertEqual((self.med.stop_date, self.med.stop_reason), (days_ago(2), "Changed"))
        self.assertEqual((new.replaces, new.strength), (self.med, "12 mg/3 mg"))

    def test_it_refuses_the_second_of_two_concurrent_writers(self):
        prescribing.stop_medication(
            self.med, stop_date=days_ago(1), reason="taper done", version=1, by=self.cast.prescriber
        )
        with self.assertRaises(prescribing.Conflict):
            prescribing.change_medication(
                self.med, med_input(start_date=days_ago(1)), version=1, by=self.cast.prescriber
            )
        self.assertEqual(Medication.objects.count(), 1)

    def test_it_refuses_to_stop_before_the_start(self):
        with self.assertRaises(ValidationError):
            prescribing.stop_medication(
                self.med, stop_date=days_ago(90), reason="x", version=1, by=self.cast.prescriber
            )
        self.med.refresh_from_db()
        self.assertIsNone(self.med.stop_date)

    def test_it_keeps_a_row_entered_in_error(self):
        prescribing.mark_medication_in_error(
            self.med, reason="wrong client", version=1, by=self.cast.prescriber
        )
        self.med.refresh_from_db()
        self.assertTrue(self.med.entered_in_error)
        self.assertFalse(self.med.is_active())


class AllergyTest(CastTestCase):
    def test_it_records_no_known_allergies_then_retires_it_when_one_is_found(self):
        nka = prescribing.record_no_known_allergies(self.cast.client, by=self.cast.prescriber)
        allergy = prescribing.add_allergy(
            self.cast.client,
            substance="penicillin",
            category="medication",
            reaction="hives",
            severity="moderate",
            by=self.cast.prescriber,
        )
        nka.refresh_from_db()
        self.assertEqual(nka.status, Allergy.Status.INACTIVE)
        self.assertEqual(allergy.substance, "penicillin")

    def test_it_refuses_no_known_allergies_while_one_is_active(self):
        prescribing.add_allergy(
            self.cast.client,
            substance="Sulfa drugs",
            category="medication",
            reaction="",
            severity="unknown",
            by=self.cast.prescriber,
        )
        with self.assertRaises(ValidationError):
            prescribing.record_no_known_allergies(self.cast.client, by=self.cast.prescriber)
