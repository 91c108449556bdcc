"""Daily IOP qualification (issue 6 point 3): attended hours per client-day in the program's
time zone, and the program's minimum for an IOP day (default 3 hours, H0015)."""

from datetime import date, time

from django.test import TestCase

from cairn.attendance.models import AttendanceRecord, AttendanceSettings
from cairn.attendance.qualification import client_day_list
from cairn.attendance.tests.helpers import MONDAY, make_world, mark_all, session_on


class QualificationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, (cls.client_a, cls.client_b) = make_world(clients=2)

    def _days(self, **bounds):
        return client_day_list(AttendanceRecord.objects.all(), self.program, **bounds)

    def _two_groups(self, day=MONDAY, second_status="present", **values):
        first = session_on(self.program, self.staff, [self.client_a], day, time(9), 1.5)
        second = session_on(self.program, self.staff, [self.client_a], day, time(10, 30), 1.5)
        mark_all(first, [self.client_a], by=self.staff)
        mark_all(second, [self.client_a], second_status, by=self.staff, **values)

    def test_it_qualifies_a_day_of_two_groups_adding_up_to_three_hours(self):
        self._two_groups()
        (day,) = self._days()
        self.assertEqual(
            (day.client_id, day.day, day.minutes, day.qualifies),
            (self.client_a.pk, MONDAY, 180, True),
        )

    def test_it_does_not_qualify_a_day_shortened_by_a_late_arrival(self):
        self._two_groups(second_status="late", late_minutes=10)
        (day,) = self._days()
        self.assertEqual((day.minutes, day.qualifies), (170, False))

    def test_it_reads_the_daily_minimum_from_the_program_settings(self):
        AttendanceSettings.objects.create(program=self.program, iop_day_minutes=120)
        self._two_groups(second_status="absent_excused")
        first = session_on(self.program, self.staff, [self.client_b], MONDAY, time(13), 2)
        mark_all(first, [self.client_b], by=self.staff)
        found = {(d.client_id, d.minutes, d.qualifies) for d in self._days()}
        self.assertEqual(found, {(self.client_a.pk, 90, False), (self.client_b.pk, 120, True)})

    def test_it_counts_an_evening_session_in_the_local_day(self):
        evening = session_on(self.program, self.staff, [self.client_a], MONDAY, time(21), 3)
        mark_all(evening, [self.client_a], by=self.staff)
        (day,) = self._days()
        self.assertEqual((day.day, day.qualifies), (MONDAY, True))

    def test_it_leaves_out_absences_and_other_programs(self):
        absent = session_on(self.program, self.staff, [self.client_b], MONDAY)
        mark_all(absent, [self.client_b], "absent_unexcused", by=self.staff)
        other, staff, (elsewhere,) = make_world(clients=1)
        session = session_on(other, staff, [elsewhere], MONDAY)
        mark_all(session, [elsewhere], by=staff)
        self.assertEqual(self._days(), [])

    def test_it_narrows_to_a_range_of_days(self):
        self._two_groups()
        self._two_groups(day=date(2026, 3, 10))
        days = self._days(start=date(2026, 3, 10), end=date(2026, 3, 10))
        self.assertEqual([d.day for d in days], [date(2026, 3, 10)])
