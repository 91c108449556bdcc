"""Notes pick the treatment-plan objectives they addressed; the plan lists the notes under
each objective (issue 9, point 3; issue 7, point 1)."""

from django.urls import reverse

from cairn.notes.models import NoteImmutableError, Status
from cairn.notes.tests.factories import make_note, note_form_data
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import PASSWORD
from cairn.testing.plans import make_treatment_plan


class NoteObjectivesTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.version = make_treatment_plan(
            cls.cast.client, by=cls.cast.clinician, signed=True, client_signed=True
        )
        cls.objectives = list(cls.version.objectives.order_by("position"))

    def test_it_offers_the_plans_open_objectives_and_saves_the_choice(self):
        note = make_note(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        url = reverse("notes:edit", args=[note.pk])
        page = self.client.get(url)
        self.assertContains(page, "Treatment-plan objectives this session addressed")
        self.assertContains(page, "attend two meetings a week")
        data = note_form_data(note, objectives=[str(self.objectives[1].pk)])
        self.client.post(url, data)
        self.assertEqual(list(note.addressed_objectives.all()), [self.objectives[1]])

    def test_it_refuses_an_objective_of_another_clients_plan(self):
        other = make_treatment_plan(self.cast.other_client, by=self.cast.clinician, signed=True)
        note = make_note(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        foreign = other.objectives.first().pk
        response = self.client.post(
            reverse("notes:edit", args=[note.pk]), note_form_data(note, objectives=[str(foreign)])
        )
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(note.addressed_objectives.exists())

    def test_the_plan_lists_signed_notes_under_the_objective(self):
        note = make_note(self.cast.client, self.cast.clinician)
        note.addressed_objectives.set([self.objectives[0]])
        self.login(self.cast.clinician)
        self.client.post(
            reverse("notes:sign", args=[note.pk]),
            {**note_form_data(note, objectives=[str(self.objectives[0].pk)]), "secret": PASSWORD},
        )
        note.refresh_from_db()
        self.assertEqual(note.status, Status.SIGNED)
        self.login(self.cast.clinician)
        page = self.client.get(
            reverse(
                "plans:treatment_objective",
                kwargs={"client_id": self.cast.client.pk, "objective_id": self.objectives[0].pk},
            )
        )
        self.assertContains(page, reverse("notes:detail", args=[note.pk]))

    def test_a_signed_notes_objectives_cannot_change(self):
        note = make_note(self.cast.client, self.cast.clinician, signed=True)
        with self.assertRaises(NoteImmutableError):
            note.addressed_objectives.set([self.objectives[0]])
