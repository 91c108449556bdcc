"""Medication-management notes appear on the medications app's Adherence tab (issue 10.2)."""

from cairn.notes.tests.factories import make_note
from cairn.testing.cases import CastTestCase


class MedicationNotesOnAdherenceTest(CastTestCase):
    def test_it_lists_signed_medication_notes_and_not_other_kinds(self):
        make_note(
            self.cast.client,
            self.cast.prescriber,
            signed=True,
            note_type="medication_management",
            fmt="SOAP",
        )
        make_note(self.cast.client, self.cast.clinician, signed=True, note_type="individual")
        self.login(self.cast.clinician)
        response = self.client.get(f"/clients/{self.cast.client.pk}/adherence/")
        notes = response.context["notes"]
        self.assertEqual([n["title"] for n in notes], ["Medication management note"])
        self.assertContains(response, "Medication management note")

    def test_it_keeps_another_authors_draft_private(self):
        make_note(
            self.cast.client, self.cast.prescriber, note_type="medication_management", fmt="SOAP"
        )
        self.login(self.cast.clinician)
        response = self.client.get(f"/clients/{self.cast.client.pk}/adherence/")
        self.assertEqual(response.context["notes"], [])
