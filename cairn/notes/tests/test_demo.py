"""The demo writes realistic, varied notes for past sessions (issue 7.8)."""

import io

from django.core.management import call_command
from django.db.models import F
from django.test import TestCase

from cairn.notes import group
from cairn.notes.models import CounselingNote, GroupNote, Note, Status
from cairn.scheduling.models import Session


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", clients=30, weeks=3, seed=7, stdout=io.StringIO())

    def test_it_writes_signed_late_draft_and_cosign_notes(self):
        signed = Note.objects.filter(status=Status.SIGNED)
        self.assertTrue(signed.filter(signed_at__lte=F("due_at")).exists())
        self.assertTrue(signed.filter(signed_at__gt=F("due_at")).exists())
        self.assertTrue(Note.objects.filter(status=Status.DRAFT).exists())
        self.assertTrue(signed.filter(cosign_required=True, cosigned_at__isnull=True).exists())
        self.assertTrue(signed.filter(cosigned_at__isnull=False).exists())
        self.assertTrue(GroupNote.objects.filter(status=Status.DRAFT).exists())
        self.assertTrue(CounselingNote.objects.exists())
        self.assertGreater(len(set(Note.objects.values_list("note_type", flat=True))), 4)

    def test_it_leaves_some_past_sessions_without_a_note(self):
        undocumented = Session.objects.filter(group_note__isnull=True, notes__isnull=True)
        self.assertTrue(undocumented.exists())

    def test_it_gives_each_member_only_their_own_part(self):
        for group_note in GroupNote.objects.filter(status=Status.SIGNED)[:5]:
            entries = {e.client_id: e for e in group_note.entries.all()}
            for note in group_note.notes.all():
                self.assertEqual(note.sections, entries[note.client_id].sections)
                self.assertEqual(note.shared_sections, group_note.shared_sections)

    def test_it_writes_no_member_names_into_notes(self):
        for group_note in GroupNote.objects.filter(status=Status.SIGNED)[:5]:
            entries = list(group_note.entries.select_related("client"))
            self.assertEqual(group.privacy_errors(group_note, entries), {})
