"""Co-signing (issue 7.3): a pre-licensed clinician's signed note waits in the supervisor's
queue; only that supervisor co-signs, once, with their password."""

from django.urls import reverse

from cairn.audit.models import AuditEvent
from cairn.notes import group
from cairn.notes.models import GroupNote, Note
from cairn.notes.tests.factories import make_note, written_group
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import PASSWORD
from cairn.testing.sessions import make_session


def awaiting(cast, **kwargs):
    return make_note(
        cast.client,
        cast.supervisee,
        signed=True,
        cosign_required=True,
        cosigner=cast.supervisor,
        **kwargs,
    )


class CosignNoteTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.note = awaiting(cls.cast)

    def cosign(self, user, secret=PASSWORD):
        self.login(user)
        return self.client.post(reverse("notes:cosign", args=[self.note.pk]), {"secret": secret})

    def test_it_lists_the_note_in_the_supervisors_queue_and_home(self):
        self.login(self.cast.supervisor)
        queue = self.client.get(reverse("notes:cosign_queue"))
        self.assertContains(queue, reverse("notes:detail", args=[self.note.pk]))
        home = self.client.get(reverse("core:home"))
        self.assertContains(home, "Waiting for your co-signature")

    def test_it_records_the_cosignature(self):
        response = self.cosign(self.cast.supervisor)
        self.assertRedirects(response, reverse("notes:detail", args=[self.note.pk]))
        self.note.refresh_from_db()
        self.assertEqual(self.note.cosigned_by, self.cast.supervisor)
        self.assertFalse(self.note.awaiting_cosign)
        self.assertTrue(AuditEvent.objects.filter(action="note.cosign").exists())
        self.login(self.cast.supervisor)
        self.assertContains(self.client.get(reverse("notes:cosign_queue")), "Nothing is waiting")

    def test_it_refuses_a_wrong_password(self):
        self.cosign(self.cast.supervisor, secret="nope-nope-nope")
        self.note.refresh_from_db()
        self.assertIsNone(self.note.cosigned_at)

    def test_it_refuses_anyone_but_the_supervisor(self):
        for user, status in [
            (self.cast.clinician, 403),
            (self.cast.supervisee, 403),
            (self.cast.director, 403),
            (self.cast.colleague, 404),
            (self.cast.outsider, 404),
        ]:
            with self.subTest(user=user.username):
                self.assertEqual(self.cosign(user).status_code, status)
        self.note.refresh_from_db()
        self.assertIsNone(self.note.cosigned_at)

    def test_it_refuses_a_second_cosignature(self):
        self.cosign(self.cast.supervisor)
        first = Note.objects.get(pk=self.note.pk).cosigned_at
        response = self.cosign(self.cast.supervisor)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Note.objects.get(pk=self.note.pk).cosigned_at, first)

    def test_it_shows_the_queue_only_to_supervisors(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(reverse("notes:cosign_queue")).status_code, 403)


class CosignGroupNoteTest(CastTestCase):
    """A pre-licensed facilitator's group note is co-signed once, for every member's note."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = make_session(
            cls.cast.program, cls.cast.supervisee, clients=[cls.cast.client, cls.cast.other_client]
        )
        group_note = group.start_group_note(cls.session, by=cls.cast.supervisee, fmt="DAP")
        data = written_group(group_note, {cls.cast.client: "Aa", cls.cast.other_client: "Bb"})
        members = {
            e.client_id: {
                "present": True,
                "sections": {k: data[f"m{e.client_id}-{k}"] for k in group_note.layout.member},
            }
            for e in group_note.entries.all()
        }
        shared = {k: data[f"shared-{k}"] for k in group_note.layout.shared}
        group.sign_group_note(
            group_note,
            by=cls.cast.supervisee,
            data={},
            shared=shared,
            members=members,
            version=group_note.version,
        )

    def test_it_waits_for_the_supervisor_and_cosigns_every_members_note(self):
        self.login(self.cast.supervisor)
        self.assertContains(self.client.get(reverse("notes:cosign_queue")), "Group:")
        page = self.client.get(reverse("notes:group", args=[self.session.pk]))
        self.assertContains(page, "Co-sign group note")
        self.client.post(
            reverse("notes:group_cosign", args=[self.session.pk]), {"secret": PASSWORD}
        )
        self.assertEqual(GroupNote.objects.get().cosigned_by, self.cast.supervisor)
        self.assertEqual(
            set(Note.objects.values_list("cosigned_by", flat=True)), {self.cast.supervisor.pk}
        )

    def test_it_refuses_the_facilitator_cosigning_their_own(self):
        self.login(self.cast.supervisee)
        url = reverse("notes:group_cosign", args=[self.session.pk])
        self.assertEqual(self.client.post(url, {"secret": PASSWORD}).status_code, 403)
        self.assertIsNone(GroupNote.objects.get().cosigned_at)
