"""The demo's attendance (issue 6 point 5): weeks of attendance with some absences, whether or
not the scheduling demo made the sessions first."""

import random
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from cairn.attendance import demo
from cairn.attendance.models import AttendanceCorrection, AttendanceRecord
from cairn.core.demo import DemoContext
from cairn.scheduling.models import Session
from cairn.testing.sessions import make_session
from cairn.worklist.models import Alert


class DemoTest(TestCase):
    def test_it_seeds_weeks_of_attendance_with_some_absences(self):
        out = StringIO()
        call_command("seed_demo", "--clients", "30", "--weeks", "3", stdout=out)
        self.assertIn("Attendance:", out.getvalue())
        statuses = set(AttendanceRecord.objects.values_list("status", flat=True))
        self.assertTrue({"present", "absent_unexcused", "absent_excused"} <= statuses)
        share = AttendanceRecord.objects.filter(status="present").count() / (
            AttendanceRecord.objects.count()
        )
        self.assertGreater(share, 0.6)
        self.assertTrue(AttendanceRecord.objects.exclude(episode=None).exists())
        self.assertFalse(AttendanceRecord.objects.filter(episode=None).exists())
        self.assertTrue(Alert.objects.filter(kind="attendance").exists())

    def _context(self):
        from cairn.accounts import demo as staff
        from cairn.clients import demo as clients
        from cairn.core import demo as core

        ctx = DemoContext(
            clients=15, weeks=2, seed=3, today=timezone.localdate(), rng=random.Random(3)
        )
        for module in (core, staff, clients):
            module.seed(ctx)
        return ctx

    def test_it_uses_the_scheduling_demos_sessions_when_there_are_some(self):
        ctx = self._context()
        program = ctx.data["program"]
        active = [e.client for e in ctx.data["episodes"] if e.status == "active"][:5]
        day = timezone.localdate(timezone=program.tz) - timedelta(days=2)
        session = make_session(program, ctx.data["clinicians"][0], clients=active, day=day)
        demo.seed(ctx)
        self.assertEqual(Session.objects.count(), 1)
        self.assertEqual(AttendanceRecord.objects.filter(session=session).count(), len(active))

    def test_it_corrects_a_few_records_and_keeps_their_originals(self):
        call_command("seed_demo", "--clients", "60", "--weeks", "4", stdout=StringIO())
        correction = AttendanceCorrection.objects.select_related("record").first()
        self.assertIsNotNone(correction)
        self.assertEqual(correction.previous_status, "absent_unexcused")
        self.assertEqual(correction.record.status, correction.status)
