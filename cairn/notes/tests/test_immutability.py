"""Signed notes are immutable (issue 7.3): the model layer refuses everywhere; on PostgreSQL a
trigger refuses too, even raw SQL. Run on both databases (``make test`` with DATABASE_URL)."""

import unittest

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cairn.notes import group
from cairn.notes.models import (
    Addendum,
    CounselingNote,
    GroupNote,
    GroupNoteEntry,
    Note,
    NoteImmutableError,
)
from cairn.notes.tests.factories import make_note
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session

on_postgresql = unittest.skipUnless(
    connection.vendor == "postgresql", "the trigger exists on PostgreSQL only"
)


class ModelLayerTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.signed = make_note(cls.cast.client, cls.cast.clinician, signed=True)
        cls.draft = make_note(cls.cast.client, cls.cast.clinician)

    def test_it_lets_a_draft_change(self):
        self.draft.sections = {"data": "New", "assessment": "A", "plan": "P"}
        self.draft.save()
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.sections["data"], "New")

    def test_it_refuses_save_of_changed_clinical_content(self):
        for field, value in [
            ("sections", {"data": "Rewritten"}),
            ("starts_at", self.signed.starts_at.replace(minute=1)),
            ("status", "draft"),
            ("client", self.cast.other_client),
            ("modalities", ["dbt"]),
        ]:
            with self.subTest(field=field):
                note = Note.objects.get(pk=self.signed.pk)
                setattr(note, field, value)
                with self.assertRaises(NoteImmutableError):
                    note.save()
        self.assertEqual(Note.objects.get(pk=self.signed.pk).sections, self.signed.sections)

    def test_it_refuses_a_stale_copy_loaded_before_signing(self):
        stale = Note.objects.get(pk=self.draft.pk)
        Note.objects.filter(pk=self.draft.pk).update(
            status="signed", signed_at=timezone.now(), signed_by=self.cast.clinician
        )
        stale.sections = {"data": "Late edit"}
        with self.assertRaises(NoteImmutableError):
            stale.save()

    def test_it_refuses_queryset_update_and_bulk_update(self):
        with self.assertRaises(NoteImmutableError):
            Note.objects.filter(pk=self.signed.pk).update(sections={"data": "x"})
        self.signed.location = "Elsewhere"
        with self.assertRaises(NoteImmutableError):
            Note.objects.bulk_update([self.signed], ["location"])
        self.assertEqual(Note.objects.get(pk=self.signed.pk).location, "")

    def test_it_refuses_deleting_a_signed_note(self):
        with self.assertRaises(NoteImmutableError):
            Note.objects.get(pk=self.signed.pk).delete()
        with self.assertRaises(NoteImmutableError):
            Note.objects.filter(pk=self.signed.pk).delete()
        self.assertTrue(Note.objects.filter(pk=self.signed.pk).exists())

    def test_it_accepts_one_cosignature_and_no_second(self):
        note = make_note(
            self.cast.client,
            self.cast.supervisee,
            signed=True,
            cosign_required=True,
            cosigner=self.cast.supervisor,
        )
        note.cosigned_at, note.cosigned_by = timezone.now(), self.cast.supervisor
        note.save()
        note.cosigned_by = self.cast.clinician
        with self.assertRaises(NoteImmutableError):
            note.save()
        self.assertEqual(Note.objects.get(pk=note.pk).cosigned_by, self.cast.supervisor)

    def test_it_keeps_addenda_and_counseling_notes_append_only(self):
        addendum = Addendum.objects.create(
            note=self.signed, author=self.cast.clinician, reason="Correction", text="Time was 10:00"
        )
        counseling = CounselingNote.objects.create(
            program=self.cast.program,
            client=self.cast.client,
            author=self.cast.clinician,
            service_date=timezone.localdate(),
            text="Private analysis",
        )
        for row in (addendum, counseling):
            with self.subTest(model=type(row).__name__):
                row.text = "Changed"
                with self.assertRaises(NoteImmutableError):
                    row.save()
                with self.assertRaises(NoteImmutableError):
                    row.delete()
                with self.assertRaises(NoteImmutableError):
                    type(row).objects.filter(pk=row.pk).update(text="Changed")


class SignedGroupNoteTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        session = make_session(cls.cast.program, cls.cast.clinician, clients=[cls.cast.client])
        cls.group_note = group.start_group_note(session, by=cls.cast.clinician, fmt="BIRP")
        GroupNote.objects.filter(pk=cls.group_note.pk).update(
            status="signed", signed_at=timezone.now(), signed_by=cls.cast.clinician
        )

    def test_it_refuses_changes_to_a_signed_group_notes_entries(self):
        entry = GroupNoteEntry.objects.get()
        entry.sections = {"plan": "Changed"}
        with self.assertRaises(NoteImmutableError):
            entry.save()
        with self.assertRaises(NoteImmutableError):
            GroupNoteEntry.objects.update(present=False)
        with self.assertRaises(NoteImmutableError):
            GroupNoteEntry.objects.bulk_update([entry], ["sections"])

    def test_it_refuses_changes_to_the_shared_part(self):
        with self.assertRaises(NoteImmutableError):
            GroupNote.objects.update(shared_sections={"topic": "Changed"})


@on_postgresql
class DatabaseTriggerTest(CastTestCase):
    """Raw SQL bypasses the model layer; the trigger still refuses."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.signed = make_note(cls.cast.client, cls.cast.clinician, signed=True)
        cls.draft = make_note(cls.cast.client, cls.cast.clinician)

    def raw(self, sql, params):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)

    def test_it_refuses_update_of_signed_content_in_the_database(self):
        statements = [
            'UPDATE notes_note SET sections = \'{"data": "x"}\' WHERE id = %s',
            "UPDATE notes_note SET location = 'x' WHERE id = %s",
            "UPDATE notes_note SET status = 'draft' WHERE id = %s",
            "UPDATE notes_note SET signed_at = now() WHERE id = %s",
        ]
        for sql in statements:
            with self.subTest(sql=sql), self.assertRaises(DatabaseError):
                self.raw(sql, [self.signed.pk])
        self.assertEqual(Note.objects.get(pk=self.signed.pk).location, "")

    def test_it_refuses_delete_of_a_signed_note_in_the_database(self):
        with self.assertRaises(DatabaseError):
            self.raw("DELETE FROM notes_note WHERE id = %s", [self.signed.pk])

    def test_it_lets_drafts_change_and_a_signed_note_be_cosigned_once(self):
        self.raw("UPDATE notes_note SET location = %s WHERE id = %s", ["Room 2", self.draft.pk])
        sql = "UPDATE notes_note SET cosigned_at = now(), cosigned_by_id = %s WHERE id = %s"
        self.raw(
            "UPDATE notes_note SET cosign_required = true WHERE id = %s AND status = 'draft'",
            [self.draft.pk],
        )
        Note.objects.filter(pk=self.draft.pk).update(
            status="signed", signed_at=timezone.now(), signed_by=self.cast.clinician
        )
        self.raw(sql, [self.cast.supervisor.pk, self.draft.pk])
        with self.assertRaises(DatabaseError):
            self.raw(sql, [self.cast.clinician.pk, self.draft.pk])

    def test_it_keeps_addenda_append_only_in_the_database(self):
        addendum = Addendum.objects.create(
            note=self.signed, author=self.cast.clinician, reason="Correction", text="Detail"
        )
        with self.assertRaises(DatabaseError):
            self.raw("UPDATE notes_addendum SET text = 'x' WHERE id = %s", [addendum.pk])
        with self.assertRaises(DatabaseError):
            self.raw("DELETE FROM notes_addendum WHERE id = %s", [addendum.pk])
