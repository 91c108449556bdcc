"""The home page's attendance panels: today's sessions (roster size, taken or not, the
button) and the clinician's attendance alerts (issue 6 points 1 and 4)."""

from datetime import datetime, timedelta

import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cairn.attendance import panels
from cairn.attendance.recording import Mark, record_attendance
from cairn.attendance.tests.helpers import NY
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session
from cairn.worklist.operations import raise_alert

AFTERNOON = datetime(2026, 3, 11, 14, 0, tzinfo=NY)


class TodaysSessionsPanelTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        day = AFTERNOON.date()
        cls.morning = make_session(
            cast.program,
            cast.clinician,
            day=day,
            title="Morning process",
            clients=[cast.client, cast.other_client],
        )
        cls.evening = make_session(
            cast.program,
            cast.clinician,
            day=day,
            title="Evening skills",
            start=datetime(2026, 1, 1, 18).time(),
            clients=[cast.client],
        )
        make_session(cast.program, cast.colleague, day=day, title="Someone else's group")
        make_session(
            cast.program,
            cast.clinician,
            day=day - timedelta(days=1),
            title="Yesterday's group",
            clients=[cast.client],
        )

    def _home(self, member="clinician"):
        self.login(getattr(self.cast, member))
        with time_machine.travel(AFTERNOON, tick=False):
            return self.client.get(reverse("core:home"))

    def test_it_lists_the_users_sessions_today_with_roster_and_a_button(self):
        response = self._home()
        self.assertContains(response, "Today's sessions")
        self.assertContains(response, "Morning process")
        self.assertContains(response, "2 on the roster")
        self.assertContains(response, "Attendance not taken")
        self.assertContains(response, reverse("attendance:take", args=[self.morning.pk]))
        self.assertNotContains(response, "Someone else")

    def test_it_offers_the_roster_only_for_a_session_that_has_not_started(self):
        response = self._home()
        self.assertContains(response, "See roster")

    def test_it_shows_attendance_taken(self):
        marks = [Mark(self.cast.client.pk, "present"), Mark(self.cast.other_client.pk, "present")]
        record_attendance(self.morning, marks, by=self.cast.clinician, now=AFTERNOON)
        response = self._home()
        self.assertContains(response, "Attendance taken")
        self.assertContains(response, "Review attendance")

    def test_it_lists_earlier_sessions_still_to_take(self):
        response = self._home()
        self.assertContains(response, "Attendance still to take")
        self.assertContains(response, "Yesterday&#x27;s group")

    def test_it_tells_a_clinician_without_sessions_so(self):
        self.assertContains(self._home("supervisor"), "You have no sessions today.")

    def test_it_shows_no_panel_to_roles_without_attendance(self):
        self.assertNotContains(self._home("biller"), "Today's sessions")

    def _panel_queries(self) -> int:
        request = RequestFactory().get("/")
        request.user, request.program, request.session = self.cast.clinician, self.cast.program, {}
        with (
            time_machine.travel(AFTERNOON, tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            html = panels.todays_sessions(request)
        self.assertIn("Today's sessions", html)
        return len(queries)

    def test_it_makes_the_same_number_of_queries_for_more_sessions(self):
        self._panel_queries()  # the user's roles are loaded once per request
        before = self._panel_queries()
        for n in range(4):
            make_session(
                self.cast.program,
                self.cast.clinician,
                day=AFTERNOON.date(),
                title=f"Extra {n}",
                clients=[self.cast.client],
            )
        self.assertEqual(self._panel_queries(), before)
        self.assertEqual(before, 1)  # today's and the week's unfinished sessions together


class AlertsPanelTest(CastTestCase):
    def test_it_lists_open_attendance_alerts_of_the_clinicians_clients(self):
        raise_alert(client=self.cast.client, kind="attendance", message="2 unexcused absences")
        raise_alert(client=self.cast.other_client, kind="attendance", message="Low attendance")
        self.login(self.cast.clinician)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, "Attendance alerts")
        self.assertContains(response, "2 unexcused absences")
        self.assertNotContains(response, "Low attendance")

    def test_it_shows_nothing_when_there_are_no_alerts(self):
        self.login(self.cast.clinician)
        self.assertNotContains(self.client.get(reverse("core:home")), "Attendance alerts")
