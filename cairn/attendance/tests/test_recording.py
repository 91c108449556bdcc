"""Taking attendance: one call for a whole roster, idempotent, corrections with a reason,
conflicts, refusals that save nothing (issue 6 points 1 and 6, bad input)."""

from datetime import date, timedelta

from django.test import TestCase

from cairn.attendance import recording
from cairn.attendance.models import AttendanceCorrection, AttendanceRecord
from cairn.attendance.recording import Mark, record_attendance
from cairn.attendance.tests.helpers import MONDAY, NOW, make_world, mark_all, session_on
from cairn.audit.models import AuditEvent
from cairn.scheduling.models import Session, SessionParticipant
from cairn.testing.factories import make_client, make_episode
from cairn.worklist.models import Task


class RecordAttendanceTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, cls.clients = make_world(clients=15)
        cls.session = session_on(cls.program, cls.staff, cls.clients, MONDAY)

    def _marks(self, status="present", **values):
        return [Mark(client_id=c.pk, status=status, **values) for c in self.clients]

    def _counts(self):
        return (
            AttendanceRecord.objects.count(),
            AttendanceCorrection.objects.count(),
            AuditEvent.objects.filter(action__startswith="attendance.").count(),
            Task.objects.count(),
        )

    def test_it_saves_a_group_of_fifteen_in_one_call(self):
        outcome = record_attendance(self.session, self._marks(), by=self.staff, now=NOW)
        self.assertEqual(len(outcome.created), 15)
        self.assertEqual(
            set(AttendanceRecord.objects.values_list("status", "minutes")), {("present", 180)}
        )
        self.assertEqual(AuditEvent.objects.filter(action="attendance.record").count(), 15)

    def test_it_links_each_record_to_the_episode_of_that_day(self):
        record_attendance(self.session, self._marks()[:1], by=self.staff, now=NOW)
        record = AttendanceRecord.objects.get()
        self.assertEqual(record.episode, self.clients[0].episodes.get())

    def test_it_changes_nothing_when_the_same_attendance_is_submitted_again(self):
        marks = self._marks("absent_unexcused")
        record_attendance(self.session, marks, by=self.staff, now=NOW)
        before = self._counts()
        outcome = record_attendance(self.session, marks, by=self.staff, now=NOW)
        self.assertEqual((outcome.changed, outcome.unchanged), (0, 15))
        self.assertEqual(self._counts(), before)

    def test_it_asks_for_a_reason_before_changing_attendance_already_taken(self):
        record_attendance(self.session, self._marks()[:1], by=self.staff, now=NOW)
        before = self._counts()
        change = [Mark(self.clients[0].pk, "absent_excused", version=1)]
        with self.assertRaises(recording.ReasonRequired):
            record_attendance(self.session, change, by=self.staff, now=NOW)
        self.assertEqual(self._counts(), before)

    def test_it_keeps_the_original_values_of_a_corrected_record(self):
        record_attendance(self.session, self._marks()[:1], by=self.staff, now=NOW)
        change = [Mark(self.clients[0].pk, "late", late_minutes=40, version=1)]
        record_attendance(self.session, change, by=self.staff, reason="Came at 9:40", now=NOW)
        record = AttendanceRecord.objects.get()
        self.assertEqual((record.status, record.minutes, record.version), ("late", 140, 2))
        correction = record.corrections.get()
        self.assertEqual(
            (correction.previous_status, correction.previous_minutes, correction.reason),
            ("present", 180, "Came at 9:40"),
        )
        event = AuditEvent.objects.get(action="attendance.correct")
        self.assertEqual(event.client_id, self.clients[0].pk)
        self.assertEqual(event.detail["from"], ["present", 180])

    def test_it_refuses_a_change_made_from_an_outdated_page(self):
        record_attendance(self.session, self._marks()[:1], by=self.staff, now=NOW)
        first = [Mark(self.clients[0].pk, "late", late_minutes=10, version=1)]
        record_attendance(self.session, first, by=self.staff, reason="late", now=NOW)
        before = self._counts()
        stale = [Mark(self.clients[0].pk, "absent_excused", version=1)]
        with self.assertRaises(recording.Conflict) as caught:
            record_attendance(self.session, stale, by=self.staff, reason="sick", now=NOW)
        self.assertEqual(caught.exception.client_ids, [self.clients[0].pk])
        self.assertEqual(self._counts(), before)

    def test_it_refuses_a_first_recording_when_someone_else_saved_meanwhile(self):
        record_attendance(self.session, self._marks()[:1], by=self.staff, now=NOW)
        with self.assertRaises(recording.Conflict):
            record_attendance(
                self.session, [Mark(self.clients[0].pk, "absent_excused")], by=self.staff, now=NOW
            )

    def test_it_saves_nothing_when_one_row_is_wrong(self):
        marks = self._marks()
        marks[3] = Mark(self.clients[3].pk, "present", minutes=200)
        with self.assertRaises(recording.InvalidMarks) as caught:
            record_attendance(self.session, marks, by=self.staff, now=NOW)
        self.assertIn("minutes", caught.exception.errors[self.clients[3].pk])
        self.assertEqual(self._counts(), (0, 0, 0, 0))

    def test_it_refuses_a_cancelled_session(self):
        Session.objects.filter(pk=self.session.pk).update(status=Session.Status.CANCELLED)
        with self.assertRaisesMessage(recording.SessionRefused, "cancelled"):
            record_attendance(self.session, self._marks(), by=self.staff, now=NOW)
        self.assertEqual(self._counts(), (0, 0, 0, 0))

    def test_it_refuses_a_session_that_has_not_started(self):
        with self.assertRaisesMessage(recording.SessionRefused, "once it has started"):
            record_attendance(
                self.session,
                self._marks(),
                by=self.staff,
                now=self.session.starts_at - timedelta(1),
            )
        self.assertEqual(self._counts(), (0, 0, 0, 0))

    def test_it_refuses_a_client_who_is_not_on_the_roster(self):
        stranger = make_client(self.program)
        with self.assertRaises(recording.NotOnRoster):
            record_attendance(self.session, [Mark(stranger.pk, "present")], by=self.staff, now=NOW)
        self.assertEqual(self._counts(), (0, 0, 0, 0))


class DropInTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, cls.clients = make_world(clients=2)
        cls.session = session_on(cls.program, cls.staff, cls.clients[:1], MONDAY)
        cls.walk_in = cls.clients[1]

    def test_it_adds_a_drop_in_and_takes_their_attendance(self):
        recording.add_drop_in(self.session, self.walk_in, by=self.staff, now=NOW)
        participant = SessionParticipant.objects.get(session=self.session, client=self.walk_in)
        self.assertTrue(participant.drop_in)
        mark_all(self.session, [self.walk_in], by=self.staff)
        self.assertEqual(AttendanceRecord.objects.get().client, self.walk_in)
        self.assertTrue(AuditEvent.objects.filter(action="attendance.drop_in").exists())

    def test_it_changes_nothing_when_the_client_is_already_on_the_roster(self):
        recording.add_drop_in(self.session, self.clients[0], by=self.staff, now=NOW)
        self.assertFalse(SessionParticipant.objects.filter(drop_in=True).exists())
        self.assertFalse(AuditEvent.objects.filter(action="attendance.drop_in").exists())

    def test_it_refuses_a_client_of_another_program(self):
        _, _, (foreign,) = make_world(clients=1)
        with self.assertRaises(recording.AttendanceError):
            recording.add_drop_in(self.session, foreign, by=self.staff, now=NOW)
        self.assertEqual(SessionParticipant.objects.filter(client=foreign).count(), 0)

    def test_it_refuses_a_future_session(self):
        later = session_on(self.program, self.staff, [], date(2026, 3, 20))
        with self.assertRaises(recording.SessionRefused):
            recording.add_drop_in(later, self.walk_in, by=self.staff, now=NOW)

    def test_it_records_no_episode_for_a_client_without_one_that_day(self):
        newcomer = make_client(self.program)
        make_episode(newcomer, admitted_on=date(2026, 3, 10))
        recording.add_drop_in(self.session, newcomer, by=self.staff, now=NOW)
        mark_all(self.session, [newcomer], by=self.staff)
        self.assertIsNone(AttendanceRecord.objects.get(client=newcomer).episode)
