"""Hours arithmetic: late and early minutes, multi-session days, weeks in the program's time
zone, daylight-saving changes (issue 6, tests)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import TestCase

from cairn.attendance import hours as h
from cairn.attendance.models import AttendanceRecord
from cairn.attendance.recording import Mark, check_mark, record_attendance
from cairn.attendance.tests.helpers import MONDAY, NOW, NY, make_world, mark_all, session_on
from cairn.scheduling.models import Session, SessionParticipant


@pytest.mark.parametrize(
    ("status", "minutes", "late", "early", "expected"),
    [
        ("present", None, 0, 0, 180),
        ("late", None, 20, 0, 160),
        ("left_early", None, 0, 45, 135),
        ("late", None, 15, 30, 135),  # late and left early
        ("left_early", 100, 0, 30, 100),  # stepped out too: fewer minutes than the default
        ("absent_excused", None, 0, 0, 0),
        ("absent_unexcused", 0, 0, 0, 0),
    ],
)
def test_it_adjusts_minutes_for_late_arrival_and_early_departure(
    status, minutes, late, early, expected
):
    assert check_mark(status, minutes, late, early, 180) == (expected, {})


@pytest.mark.parametrize(
    ("status", "minutes", "late", "early", "field", "words"),
    [
        ("present", 181, 0, 0, "minutes", "at most 180"),
        ("present", -5, 0, 0, "minutes", "negative"),
        ("late", 170, 20, 0, "minutes", "at most 160"),
        ("late", None, 0, 0, "late_minutes", "How many minutes late"),
        ("left_early", None, 0, 0, "early_minutes", "before the end"),
        ("present", None, 10, 0, "late_minutes", "Choose Late"),
        ("late", None, 180, 0, "late_minutes", "mark the client absent"),
        ("absent_unexcused", 30, 0, 0, "minutes", "no minutes"),
        ("present", 0, 0, 0, "minutes", "or is absent"),
        ("maybe", None, 0, 0, "status", "Choose"),
    ],
)
def test_it_refuses_impossible_minutes_with_a_message_on_the_field(
    status, minutes, late, early, field, words
):
    _, errors = check_mark(status, minutes, late, early, 180)
    assert words in errors[field]


def _real(start: datetime, end: datetime) -> timedelta:
    """Elapsed time. (Python subtracts two datetimes of the same zone on the wall clock.)"""
    return end.astimezone(UTC) - start.astimezone(UTC)


def test_it_gives_local_days_of_23_and_25_hours_on_daylight_saving_changes():
    assert _real(*h.day_bounds(date(2026, 3, 8), NY)) == timedelta(hours=23)
    assert _real(*h.day_bounds(date(2026, 11, 1), NY)) == timedelta(hours=25)


def test_it_starts_weeks_on_monday():
    assert h.week_start(date(2026, 3, 15)) == MONDAY  # a Sunday
    assert h.week_start(MONDAY) == MONDAY


WEEKS = [date(2026, 2, 23), date(2026, 3, 2), MONDAY]


class WeeklyHoursTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.staff, cls.clients = make_world(clients=2)
        cls.client_a = cls.clients[0]

    def _weeks(self, zone=NY):
        records = AttendanceRecord.objects.filter(client=self.client_a)
        return h.attended_by_week(records, zone, WEEKS)

    def test_it_sums_a_day_of_several_sessions_into_the_week(self):
        morning = session_on(self.program, self.staff, [self.client_a], MONDAY, hours=2)
        afternoon = session_on(self.program, self.staff, [self.client_a], MONDAY, start=time(13))
        mark_all(morning, [self.client_a], by=self.staff)
        mark_all(afternoon, [self.client_a], "late", late_minutes=30, by=self.staff)
        self.assertEqual(self._weeks(), {(self.client_a.pk, MONDAY): 120 + 150})

    def test_it_puts_a_sunday_evening_session_in_the_local_week_not_the_utc_one(self):
        # Sunday 21:00 in New York is already Monday 02:00 UTC.
        sunday = session_on(
            self.program, self.staff, [self.client_a], date(2026, 3, 1), time(21), 2
        )
        self.assertEqual(sunday.starts_at.astimezone(ZoneInfo("UTC")).date(), date(2026, 3, 2))
        mark_all(sunday, [self.client_a], by=self.staff)
        self.assertEqual(self._weeks(), {(self.client_a.pk, date(2026, 2, 23)): 120})

    def test_it_follows_the_programs_own_time_zone(self):
        # Monday 01:00 in New York is Sunday 22:00 in Los Angeles: the previous week there.
        early = session_on(self.program, self.staff, [self.client_a], MONDAY, time(1), 1)
        mark_all(early, [self.client_a], by=self.staff)
        self.assertEqual(set(self._weeks()), {(self.client_a.pk, MONDAY)})
        la = ZoneInfo("America/Los_Angeles")
        self.assertEqual(set(self._weeks(la)), {(self.client_a.pk, date(2026, 3, 2))})

    def test_it_counts_the_real_length_of_a_session_across_the_spring_change(self):
        # 01:00–04:00 on the wall clock of March 8, 2026 lasts two hours: 02:00 never happens.
        session = session_on(self.program, self.staff, [self.client_a], date(2026, 3, 8), time(1))
        session.ends_at = datetime(2026, 3, 8, 4, 0, tzinfo=NY)
        session.save()
        self.assertEqual(_real(session.starts_at, session.ends_at), timedelta(hours=2))
        outcome = record_attendance(
            session, [Mark(self.client_a.pk, "present")], by=self.staff, now=NOW
        )
        self.assertEqual(outcome.created[0].minutes, 120)
        self.assertEqual(self._weeks(), {(self.client_a.pk, date(2026, 3, 2)): 120})

    def test_it_counts_the_real_length_of_a_session_across_the_autumn_change(self):
        # 00:30–02:30 on the wall clock of November 1, 2026 lasts three hours.
        day = date(2026, 11, 1)
        session = session_on(self.program, self.staff, [self.client_a], day, time(0, 30))
        session.ends_at = datetime(2026, 11, 1, 2, 30, tzinfo=NY)
        session.save()
        self.assertEqual(_real(session.starts_at, session.ends_at), timedelta(hours=3))
        later = datetime(2026, 11, 2, 12, 0, tzinfo=NY)
        outcome = record_attendance(
            session, [Mark(self.client_a.pk, "present")], by=self.staff, now=later
        )
        self.assertEqual(outcome.created[0].minutes, 180)

    def test_it_schedules_bookings_less_cancellations_drop_ins_and_cancelled_sessions(self):
        other = self.clients[1]
        kept = session_on(self.program, self.staff, [self.client_a, other], MONDAY)
        cancelled = session_on(self.program, self.staff, [self.client_a], MONDAY, time(13), 2)
        cancelled.status = Session.Status.CANCELLED
        cancelled.save()
        later = session_on(self.program, self.staff, [self.client_a], date(2026, 3, 12), hours=1)
        drop = session_on(self.program, self.staff, [], date(2026, 3, 10))
        SessionParticipant.objects.create(session=drop, client=self.client_a, drop_in=True)
        SessionParticipant.objects.filter(session=kept, client=other).update(cancelled=True)
        sums = h.scheduled_by_week(SessionParticipant.objects.all(), NY, WEEKS, after=NOW)
        self.assertEqual(sums, {(self.client_a.pk, MONDAY): (180 + 60, 60)})
        self.assertTrue(later.starts_at > NOW)
