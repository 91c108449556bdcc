"""A note cites the client's completed homework (issue 11, point 4): the smallest hook in
notes (``Note.cited_homework``, a field on the note form, shown on the note)."""

from django.urls import reverse

from cairn.homework.tests.factories import make_assignment, make_submitted
from cairn.notes.models import NoteImmutableError
from cairn.notes.tests.factories import make_note, note_form_data
from cairn.testing.cases import CastTestCase


class NoteCitationTest(CastTestCase):
    def test_it_offers_completed_homework_and_saves_the_citation(self):
        done = make_submitted(self.cast.client, self.cast.clinician)
        make_assignment(self.cast.client, self.cast.clinician, worksheet="gratitude")
        note = make_note(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        url = reverse("notes:edit", args=[note.pk])
        page = self.client.get(url)
        self.assertContains(page, "Homework this note cites")
        self.assertNotContains(page, "Gratitude")
        self.client.post(url, note_form_data(note, homework=[str(done.pk)]))
        self.assertEqual(list(note.cited_homework.all()), [done])
        detail = self.client.get(reverse("notes:detail", args=[note.pk]))
        self.assertContains(detail, reverse("homework:detail", args=[done.pk]))
        homework_page = self.client.get(reverse("homework:detail", args=[done.pk]))
        self.assertContains(homework_page, reverse("notes:detail", args=[note.pk]))

    def test_it_refuses_another_clients_homework(self):
        make_submitted(self.cast.client, self.cast.clinician)
        theirs = make_submitted(self.cast.other_client, self.cast.clinician)
        note = make_note(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        response = self.client.post(
            reverse("notes:edit", args=[note.pk]), note_form_data(note, homework=[str(theirs.pk)])
        )
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(note.cited_homework.exists())

    def test_it_leaves_the_field_out_when_nothing_is_completed(self):
        note = make_note(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        page = self.client.get(reverse("notes:edit", args=[note.pk]))
        self.assertNotContains(page, "Homework this note cites")

    def test_a_signed_notes_citations_cannot_change(self):
        done = make_submitted(self.cast.client, self.cast.clinician)
        note = make_note(self.cast.client, self.cast.clinician, signed=True)
        with self.assertRaises(NoteImmutableError):
            note.cited_homework.set([done])
