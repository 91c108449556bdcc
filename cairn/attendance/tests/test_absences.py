"""Absences: same-day outreach for the primary clinician, and the streak and low-attendance
alerts with configurable thresholds (issue 6 point 4)."""

from datetime import date, datetime, time, timedelta

from django.test import TestCase

from cairn.attendance.absences import ALERT_KIND, OUTREACH_KIND
from cairn.attendance.models import AttendanceSettings
from cairn.attendance.recording import Mark, record_attendance
from cairn.attendance.tests.helpers import MONDAY, NOW, NY, make_world, mark_all, session_on
from cairn.clients.models import CareTeamMember, Episode
from cairn.testing.factories import make_user
from cairn.worklist.models import Alert, Task


class OutreachTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.primary, cls.clients = make_world(clients=2)
        cls.facilitator = make_user(first_name="Gus")
        cls.session = session_on(cls.program, cls.facilitator, cls.clients, MONDAY)
        cls.client_a = cls.clients[0]

    def test_it_asks_the_primary_clinician_to_reach_out_the_same_day(self):
        mark_all(self.session, [self.client_a], "absent_unexcused", by=self.facilitator)
        task = Task.objects.get()
        self.assertEqual(
            (task.kind, task.owner, task.client), (OUTREACH_KIND, self.primary, self.client_a)
        )
        self.assertEqual(task.due_at, datetime(2026, 3, 11, 23, 59, tzinfo=NY))
        self.assertIn("missed Process group", task.title)

    def test_it_raises_the_outreach_once_however_often_attendance_is_saved(self):
        mark_all(self.session, [self.client_a], "absent_unexcused", by=self.facilitator)
        mark_all(self.session, [self.client_a], "absent_unexcused", by=self.facilitator)
        self.assertEqual(Task.objects.count(), 1)

    def test_it_raises_no_outreach_for_an_excused_absence(self):
        mark_all(self.session, self.clients, "absent_excused", by=self.facilitator)
        self.assertFalse(Task.objects.exists())

    def test_it_asks_the_care_teams_primary_clinician_when_the_episode_names_none(self):
        Episode.objects.filter(client=self.client_a).update(primary_clinician=None)
        mark_all(self.session, [self.client_a], "absent_unexcused", by=self.facilitator)
        self.assertEqual(Task.objects.get().owner, self.primary)

    def test_it_asks_the_facilitator_when_no_primary_clinician_is_named(self):
        Episode.objects.filter(client=self.client_a).update(primary_clinician=None)
        CareTeamMember.objects.filter(client=self.client_a).update(active=False)
        mark_all(self.session, [self.client_a], "absent_unexcused", by=self.facilitator)
        self.assertEqual(Task.objects.get().owner, self.facilitator)

    def test_it_closes_the_outreach_when_the_absence_is_corrected(self):
        mark_all(self.session, [self.client_a], "absent_unexcused", by=self.facilitator)
        record_attendance(
            self.session,
            [Mark(self.client_a.pk, "present", version=1)],
            by=self.facilitator,
            reason="Was in the room; marked the wrong row.",
            now=NOW,
        )
        task = Task.objects.get()
        self.assertEqual(task.status, Task.Status.DONE)
        self.assertIn("corrected", task.resolution)


class AlertRulesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, (cls.client_a,) = make_world(clients=1)

    def _day(self, day: date, status: str, **values):
        session = session_on(self.program, self.staff, [self.client_a], day, time(9), 3)
        now = datetime.combine(day, time(13), tzinfo=NY)
        record_attendance(
            session, [Mark(self.client_a.pk, status, **values)], by=self.staff, now=now
        )

    def _alerts(self, prefix=""):
        return Alert.objects.filter(
            client=self.client_a, kind=ALERT_KIND, source__startswith=prefix
        )

    def test_it_alerts_after_two_unexcused_absences_in_a_row(self):
        self._day(MONDAY, "present")
        self._day(MONDAY + timedelta(1), "absent_unexcused")
        self.assertFalse(self._alerts().exists())
        self._day(MONDAY + timedelta(2), "absent_unexcused")
        alert = self._alerts("attendance.streak").get()
        self.assertIn("2 unexcused absences in a row", alert.message)

    def test_it_raises_one_alert_for_one_run_of_absences(self):
        for n in range(4):
            self._day(MONDAY + timedelta(n), "absent_unexcused")
        self.assertEqual(self._alerts("attendance.streak").count(), 1)

    def test_it_does_not_count_an_excused_absence_in_the_run(self):
        self._day(MONDAY, "absent_unexcused")
        self._day(MONDAY + timedelta(1), "absent_excused")
        self._day(MONDAY + timedelta(2), "absent_unexcused")
        self.assertFalse(self._alerts("attendance.streak").exists())

    def test_it_reads_the_streak_length_from_the_program_settings(self):
        AttendanceSettings.objects.create(program=self.program, absence_streak=3)
        self._day(MONDAY, "absent_unexcused")
        self._day(MONDAY + timedelta(1), "absent_unexcused")
        self.assertFalse(self._alerts("attendance.streak").exists())
        self._day(MONDAY + timedelta(2), "absent_unexcused")
        self.assertTrue(self._alerts("attendance.streak").exists())

    def _fortnight(self, pattern: str):
        """One session a day from Monday on: P present, L late 90 min, E excused, U unexcused."""
        codes = {
            "P": ("present", {}),
            "L": ("late", {"late_minutes": 90}),
            "E": ("absent_excused", {}),
            "U": ("absent_unexcused", {}),
        }
        for n, code in enumerate(pattern):
            status, values = codes[code]
            self._day(MONDAY + timedelta(n), status, **values)

    def test_it_alerts_when_attendance_falls_under_70_percent_over_two_weeks(self):
        self._fortnight("PPUPE")  # 3 of 5 sessions: 60%
        alert = self._alerts("attendance.rate").get()
        self.assertIn("Attended 60%", alert.message)

    def test_it_counts_minutes_so_late_arrivals_lower_the_share(self):
        self._fortnight("PLLP")  # every session attended, 540 of 720 minutes: 75%
        self.assertFalse(self._alerts("attendance.rate").exists())
        self._day(MONDAY + timedelta(4), "late", late_minutes=90)  # 630 of 900: 70%
        self.assertFalse(self._alerts("attendance.rate").exists())
        self._day(MONDAY + timedelta(5), "late", late_minutes=90)  # 720 of 1080: 67%
        self.assertTrue(self._alerts("attendance.rate").exists())

    def test_it_waits_for_enough_sessions_before_judging_the_share(self):
        self._fortnight("PEU")
        self.assertFalse(self._alerts("attendance.rate").exists())

    def test_it_reads_the_share_threshold_from_the_program_settings(self):
        AttendanceSettings.objects.create(program=self.program, low_attendance_percent=50)
        self._fortnight("PPUPE")
        self.assertFalse(self._alerts("attendance.rate").exists())

    def test_it_keeps_one_open_low_attendance_alert_at_a_time(self):
        self._fortnight("PPUPEPE")
        self.assertEqual(self._alerts("attendance.rate").count(), 1)
