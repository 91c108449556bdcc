"""What other apps read from attendance: hours attended (scheduling's make-up offers) and
who was present (notes' group note)."""

from datetime import time

from django.test import TestCase

from cairn.attendance.hours import week_bounds
from cairn.attendance.lookups import attended_hours, present_client_ids
from cairn.attendance.recording import Mark, record_attendance
from cairn.attendance.tests.helpers import MONDAY, NOW, NY, make_world, session_on


class LookupsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, (cls.a, cls.b, cls.c) = make_world(clients=3)
        cls.session = session_on(cls.program, cls.staff, [cls.a, cls.b, cls.c], MONDAY)
        marks = [Mark(cls.a.pk, "late", late_minutes=30), Mark(cls.b.pk, "absent_excused")]
        record_attendance(cls.session, marks, by=cls.staff, now=NOW)
        later = session_on(cls.program, cls.staff, [cls.a], MONDAY, time(13), 1)
        record_attendance(later, [Mark(cls.a.pk, "present")], by=cls.staff, now=NOW)

    def test_it_gives_hours_attended_from_the_attendance_taken(self):
        start, end = week_bounds(MONDAY, NY)
        self.assertEqual(
            attended_hours([self.a.pk, self.b.pk, self.c.pk], start, end),
            {self.a.pk: 3.5, self.b.pk: 0.0},
        )

    def test_it_names_the_clients_who_were_there(self):
        self.assertEqual(present_client_ids(self.session), {self.a.pk})
        self.assertEqual(present_client_ids(self.session.pk), {self.a.pk})
