"""Writing, autosaving and signing a client's note; addenda; bad input (issue 7)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.audit.models import AuditEvent
from cairn.notes.models import Addendum, Note, NoteTemplate, Status
from cairn.notes.signing import REAUTH_FAILURE_LIMIT
from cairn.notes.tests.factories import make_note, note_form_data
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import PASSWORD
from cairn.testing.sessions import make_session


class StartNoteTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse("notes:new", args=[self.cast.client.pk])

    def test_it_starts_a_draft_with_the_usual_format_and_redirects_to_writing(self):
        response = self.client.post(self.url, {"note_type": "crisis"})
        note = Note.objects.get()
        self.assertRedirects(response, reverse("notes:edit", args=[note.pk]))
        self.assertEqual(
            (note.format, note.status, note.author), ("DAP", "draft", self.cast.clinician)
        )
        self.assertIn("Risk level", note.sections["assessment"])  # the catalog's starting text
        self.assertEqual(note.due_at, note.ends_at + timedelta(hours=72))

    def test_it_uses_the_programs_template(self):
        NoteTemplate.objects.create(
            program=self.cast.program,
            note_type="individual",
            format="DAP",
            texts={"data": "Presentation:\nUse since last session:"},
        )
        self.client.post(self.url, {"note_type": "individual", "format": "DAP"})
        self.assertEqual(
            Note.objects.get().sections["data"], "Presentation:\nUse since last session:"
        )

    def test_it_links_a_session_the_client_is_in(self):
        session = make_session(
            self.cast.program,
            self.cast.clinician,
            kind="individual",
            group_type=None,
            clients=[self.cast.client],
            day=timezone.localdate() - timedelta(days=1),
        )
        self.client.post(
            self.url, {"note_type": "individual", "format": "SOAP", "session": session.pk}
        )
        note = Note.objects.get()
        self.assertEqual(
            (note.session, note.starts_at, note.ends_at),
            (session, session.starts_at, session.ends_at),
        )

    def test_it_refuses_a_session_the_client_is_not_in(self):
        session = make_session(
            self.cast.program,
            self.cast.clinician,
            kind="individual",
            group_type=None,
            clients=[self.cast.other_client],
        )
        response = self.client.post(self.url, {"note_type": "individual", "session": session.pk})
        self.assertContains(response, "This client isn&#x27;t in that session.")
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_a_format_the_note_type_does_not_use(self):
        response = self.client.post(self.url, {"note_type": "intake", "format": "GIRP"})
        self.assertContains(response, "is written as SOAP, DAP")
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_a_group_note_here(self):
        response = self.client.post(self.url, {"note_type": "group"})
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(Note.objects.exists())

    def test_it_starts_the_plan_from_the_last_notes_plan(self):
        make_note(
            self.cast.client,
            self.cast.colleague,
            signed=True,
            sections={"data": "d", "assessment": "a", "plan": "Keep the craving log daily."},
        )
        self.client.post(self.url, {"note_type": "individual", "start_from_last_plan": "on"})
        draft = Note.objects.get(status=Status.DRAFT)
        self.assertEqual(draft.sections["plan"], "Keep the craving log daily.")


class WriteNoteTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.note = make_note(cls.cast.client, cls.cast.clinician)

    def setUp(self):
        self.login(self.cast.clinician)
        self.edit = reverse("notes:edit", args=[self.note.pk])

    def test_it_shows_one_field_per_section(self):
        response = self.client.get(self.edit)
        for label in ("Data", "Assessment", "Plan", "Modality used", "Service date"):
            self.assertContains(response, label)

    def test_it_saves_a_draft(self):
        response = self.client.post(
            self.edit, note_form_data(self.note, **{"s-plan": "Call Friday"})
        )
        self.assertRedirects(response, self.edit)
        self.note.refresh_from_db()
        self.assertEqual((self.note.sections["plan"], self.note.version), ("Call Friday", 2))

    def test_it_refuses_an_end_before_the_start_and_changes_nothing(self):
        data = note_form_data(self.note, start_time="10:00", end_time="09:00", **{"s-plan": "New"})
        response = self.client.post(self.edit, data)
        self.assertContains(response, "The end time must be after the start time.")
        self.assertContains(response, "New")  # what was typed stays on the page
        self.note.refresh_from_db()
        self.assertEqual(
            (self.note.version, self.note.sections["plan"]), (1, "Plan text for the note.")
        )

    def test_it_autosaves_the_text_even_when_a_time_is_wrong(self):
        data = note_form_data(self.note, start_time="10:00", end_time="09:00", **{"s-data": "Kept"})
        response = self.client.post(self.edit, data, headers={"HX-Request": "true"})
        self.assertContains(response, "Saved at")
        self.assertContains(response, "Not saved: End: The end time must be after the start time.")
        before = (self.note.starts_at, self.note.ends_at)
        self.note.refresh_from_db()
        self.assertEqual(self.note.sections["data"], "Kept")
        self.assertEqual((self.note.starts_at, self.note.ends_at), before)  # times unchanged

    def test_it_refuses_a_stale_version_and_changes_nothing(self):
        stale = note_form_data(self.note)
        self.client.post(self.edit, {**stale, "s-plan": "First window"})
        response = self.client.post(self.edit, {**stale, "s-plan": "Second window"})
        self.assertContains(response, "changed in another window", status_code=409)
        self.note.refresh_from_db()
        self.assertEqual(self.note.sections["plan"], "First window")

    def test_it_records_a_passive_idle_save_like_any_autosave(self):
        data = note_form_data(self.note, **{"s-data": "Saved before sign-out"})
        headers = {"HX-Request": "true", "X-Cairn-Passive": "1"}
        self.client.post(self.edit, data, headers=headers)
        self.note.refresh_from_db()
        self.assertEqual(self.note.sections["data"], "Saved before sign-out")

    def test_it_keeps_the_draft_across_a_sign_out(self):
        self.client.post(
            self.edit,
            note_form_data(self.note, **{"s-data": "Survives"}),
            headers={"HX-Request": "true"},
        )
        self.client.logout()
        self.login(self.cast.clinician)
        self.assertContains(self.client.get(self.edit), "Survives")

    def test_it_hides_a_draft_from_everyone_but_its_author(self):
        self.login(self.cast.supervisee)  # on the team too
        for url in (self.edit, reverse("notes:detail", args=[self.note.pk])):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        chart = self.client.get(reverse("notes:chart", args=[self.cast.client.pk]))
        self.assertNotContains(chart, reverse("notes:detail", args=[self.note.pk]))


class SignNoteTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.note = make_note(cls.cast.client, cls.cast.clinician)

    def setUp(self):
        self.login(self.cast.clinician)
        self.sign_url = reverse("notes:sign", args=[self.note.pk])

    def sign(self, secret=PASSWORD, **fields):
        return self.client.post(
            self.sign_url, {**note_form_data(self.note, **fields), "secret": secret}
        )

    def test_it_signs_with_the_password_and_records_who_and_when(self):
        response = self.sign(**{"s-plan": "Final words"})
        self.assertRedirects(response, reverse("notes:detail", args=[self.note.pk]))
        self.note.refresh_from_db()
        self.assertEqual(
            (self.note.status, self.note.signed_by), (Status.SIGNED, self.cast.clinician)
        )
        self.assertEqual(self.note.sections["plan"], "Final words")
        self.assertFalse(self.note.cosign_required)
        self.assertTrue(
            AuditEvent.objects.filter(action="note.sign", object_id=str(self.note.pk)).exists()
        )

    def test_it_signs_with_a_code_from_the_authenticator_app(self):
        device = TOTPDevice.objects.get(user=self.cast.clinician)
        code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        self.sign(secret=f"{code:06d}")
        self.note.refresh_from_db()
        self.assertEqual(self.note.status, Status.SIGNED)

    def test_it_refuses_a_wrong_password_and_changes_nothing(self):
        response = self.sign(secret="not-my-password", **{"s-plan": "Typed"})
        self.assertContains(response, "Nothing was signed.", status_code=400)
        self.assertContains(response, "Typed", status_code=400)
        self.note.refresh_from_db()
        self.assertEqual((self.note.status, self.note.version), (Status.DRAFT, 1))
        failed = AuditEvent.objects.filter(action="note.reauth", outcome="failed")
        self.assertEqual(failed.count(), 1)

    def test_it_pauses_signing_after_repeated_wrong_passwords(self):
        for _ in range(REAUTH_FAILURE_LIMIT):
            self.sign(secret="wrong-again")
        response = self.sign()  # even the right one now waits
        self.assertContains(response, "Too many wrong tries", status_code=400)
        self.note.refresh_from_db()
        self.assertEqual(self.note.status, Status.DRAFT)

    def test_it_refuses_an_incomplete_note(self):
        response = self.sign(**{"s-assessment": "  ", "modalities": []})
        self.assertContains(
            response, "Write the Assessment section before signing.", status_code=400
        )
        self.assertContains(response, "Pick the modality you used.", status_code=400)
        self.note.refresh_from_db()
        self.assertEqual(self.note.status, Status.DRAFT)

    def test_it_sends_a_prelicensed_clinicians_note_to_the_supervisor(self):
        note = make_note(self.cast.client, self.cast.supervisee)
        self.login(self.cast.supervisee)
        self.client.post(
            reverse("notes:sign", args=[note.pk]), {**note_form_data(note), "secret": PASSWORD}
        )
        note.refresh_from_db()
        self.assertTrue(note.awaiting_cosign)
        self.assertEqual(note.cosigner, self.cast.supervisor)


class SignedNoteTest(CastTestCase):
    """A signed note can't change by form, URL tampering or a replayed autosave."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.note = make_note(cls.cast.client, cls.cast.clinician, signed=True)

    def setUp(self):
        self.login(self.cast.clinician)

    def test_it_refuses_every_way_of_editing_it(self):
        data = {**note_form_data(self.note, **{"s-plan": "Tampered"}), "secret": PASSWORD}
        attempts = [
            ("get", reverse("notes:edit", args=[self.note.pk]), {}, {}),
            ("post", reverse("notes:edit", args=[self.note.pk]), data, {}),
            ("post", reverse("notes:edit", args=[self.note.pk]), data, {"HX-Request": "true"}),
            ("post", reverse("notes:sign", args=[self.note.pk]), data, {}),
        ]
        for method, url, payload, headers in attempts:
            with self.subTest(method=method, url=url, headers=headers):
                response = getattr(self.client, method)(url, payload, headers=headers, follow=True)
                self.assertContains(response, "signed and can&#x27;t be changed")
        self.note.refresh_from_db()
        self.assertNotEqual(self.note.sections["plan"], "Tampered")
        self.assertEqual(self.note.version, 1)

    def test_it_adds_an_addendum_shown_with_the_note(self):
        url = reverse("notes:addendum", args=[self.note.pk])
        response = self.client.post(
            url, {"reason": "Late entry", "text": "Client called after."}, follow=True
        )
        self.assertContains(response, "Late entry")
        self.assertContains(response, "Client called after.")
        addendum = Addendum.objects.get()
        self.assertEqual((addendum.author, addendum.note), (self.cast.clinician, self.note))

    def test_it_refuses_an_addendum_without_a_reason(self):
        url = reverse("notes:addendum", args=[self.note.pk])
        response = self.client.post(url, {"reason": "", "text": "Something"})
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertFalse(Addendum.objects.exists())

    def test_it_refuses_an_addendum_on_a_draft(self):
        draft = make_note(self.cast.client, self.cast.clinician)
        url = reverse("notes:addendum", args=[draft.pk])
        self.client.post(url, {"reason": "Fix", "text": "Something"})
        self.assertFalse(Addendum.objects.exists())
