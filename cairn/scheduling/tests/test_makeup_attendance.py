"""Make-up offers read the hours attendance recorded (issue 5 point 6 with issue 6)."""

from datetime import time, timedelta

from django.utils import timezone

from cairn.attendance.models import AttendanceRecord
from cairn.scheduling import makeup
from cairn.scheduling.weeks import Week
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session


class MakeupReadsAttendanceTest(CastTestCase):
    def test_it_counts_recorded_minutes_absences_and_untaken_sessions(self):
        program, client = self.cast.program, self.cast.client
        monday = timezone.localdate(timezone=program.tz) - timedelta(days=14)
        monday -= timedelta(days=monday.weekday())
        sessions = [
            make_session(
                program,
                self.cast.clinician,
                clients=[client],
                day=monday + timedelta(d),
                start=time(9),
            )
            for d in range(3)
        ]
        AttendanceRecord.objects.create(
            session=sessions[0],
            client=client,
            status="late",
            minutes=150,
            late_minutes=30,
            recorded_by=self.cast.clinician,
        )
        AttendanceRecord.objects.create(
            session=sessions[1],
            client=client,
            status="absent_unexcused",
            minutes=0,
            recorded_by=self.cast.clinician,
        )
        week = Week(monday, program.tz)
        hours = makeup.attended_hours([client.pk], week, timezone.now())
        # 2.5 h late arrival + 0 h absence + 3 h for the session whose roll isn't taken yet.
        self.assertEqual(hours[client.pk], 5.5)
