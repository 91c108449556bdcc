"""SUD counseling notes (42 CFR Part 2; issue 7.5): stored apart, visible only to their author,
never in general lists or exports."""

from django.urls import reverse
from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.clients.models import Client
from cairn.notes.models import CounselingNote, Note
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session

SECRET_TEXT = "Ambivalence about the marriage drives the relapse talk"


class CounselingNoteTest(CastTestCase):
    def setUp(self):
        self.url = reverse("notes:counseling", args=[self.cast.client.pk])

    def write(self, user, **extra):
        self.login(user)
        data = {"service_date": timezone.localdate().isoformat(), "text": SECRET_TEXT, **extra}
        return self.client.post(self.url, data)

    def test_it_keeps_a_note_only_its_author_can_read(self):
        response = self.write(self.cast.clinician)
        self.assertRedirects(response, self.url)
        self.assertContains(self.client.get(self.url), SECRET_TEXT)
        for user in (self.cast.supervisee, self.cast.supervisor, self.cast.director):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertNotContains(self.client.get(self.url), SECRET_TEXT)

    def test_it_stays_out_of_the_notes_list_and_the_progress_notes(self):
        self.write(self.cast.clinician)
        chart = self.client.get(reverse("notes:chart", args=[self.cast.client.pk]))
        self.assertNotContains(chart, SECRET_TEXT)
        self.assertFalse(Note.objects.exists())
        self.assertEqual(CounselingNote.objects.count(), 1)

    def test_it_has_no_way_in_from_the_client_record(self):
        """General exports walk a client's relations: counseling notes aren't among them."""
        related = {r.related_model for r in Client._meta.related_objects}
        self.assertNotIn(CounselingNote, related)
        self.assertFalse(CounselingNote.general_export)

    def test_it_audits_without_the_text(self):
        self.write(self.cast.clinician)
        event = AuditEvent.objects.get(action="counseling_note.create")
        self.assertEqual(event.client_id, self.cast.client.pk)
        self.assertNotIn("Ambivalence", str(event.detail))

    def test_it_refuses_a_session_the_client_is_not_in(self):
        session = make_session(
            self.cast.program,
            self.cast.clinician,
            kind="individual",
            group_type=None,
            clients=[self.cast.other_client],
        )
        response = self.write(self.cast.clinician, session=session.pk)
        self.assertContains(response, "isn&#x27;t in that session", status_code=400)
        self.assertFalse(CounselingNote.objects.exists())

    def test_it_refuses_an_empty_note(self):
        response = self.write(self.cast.clinician, text="")
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertFalse(CounselingNote.objects.exists())

    def test_it_refuses_writing_without_the_care_teams_access(self):
        self.assertEqual(self.write(self.cast.director).status_code, 403)
        self.assertEqual(self.write(self.cast.outsider).status_code, 404)
        self.assertFalse(CounselingNote.objects.exists())
