"""The chart's Attendance tab (issue 6 points 5 and 6): history per episode, corrections with
the original still visible, the door's answers."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.attendance.recording import Mark, record_attendance
from cairn.attendance.tests.helpers import audited
from cairn.audit.models import AuditEvent
from cairn.clients.models import Episode
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_episode
from cairn.testing.sessions import make_session


class ChartTabTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        cls.url = reverse("attendance:chart", args=[cast.client.pk])
        today = timezone.localdate(timezone=cast.program.tz)
        cls.session = make_session(
            cast.program, cast.clinician, clients=[cast.client], day=today - timedelta(days=1)
        )
        record_attendance(cls.session, [Mark(cast.client.pk, "present")], by=cast.clinician)
        record_attendance(
            cls.session,
            [Mark(cast.client.pk, "late", late_minutes=30, version=1)],
            by=cast.clinician,
            reason="Arrived 9:30; marked present by mistake.",
        )

    def test_it_shows_the_episodes_sessions_with_the_original_of_a_correction(self):
        self.login(self.cast.clinician)
        response = self.client.get(self.url)
        self.assertContains(response, "Late (30 min late)")
        self.assertContains(response, "Originally Present, 180 min")
        self.assertContains(response, "Arrived 9:30; marked present by mistake.")
        self.assertContains(response, "Weekly hours")
        self.assertTrue(AuditEvent.objects.filter(action="chart.attendance").exists())

    def test_it_tells_whether_each_day_was_an_iop_day(self):
        self.login(self.cast.clinician)
        self.assertContains(self.client.get(self.url), "2.5 h attended · not an IOP day")

    def test_it_lets_the_care_team_and_the_director_read_it(self):
        for member in ("clinician", "supervisee", "supervisor", "prescriber", "director"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_answers_403_to_roles_that_see_only_demographics(self):
        for member in ("biller", "intake"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_answers_404_to_those_outside_the_care_team_or_program(self):
        for member in ("colleague", "outsider", "admin", "other_portal"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_refuses_the_wrong_method_and_anonymous_visitors(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.cast.clinician)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_shows_an_earlier_episode_on_request(self):
        Episode.objects.filter(client=self.cast.client).update(
            admitted_on=date(2025, 1, 6), discharged_on=date(2025, 2, 28), status="discharged"
        )
        current = make_episode(self.cast.client)
        self.login(self.cast.clinician)
        response = self.client.get(self.url)
        self.assertContains(response, "No attendance recorded in this episode yet.")
        earlier = self.cast.client.episodes.exclude(pk=current.pk).get()
        response = self.client.get(self.url, {"episode": earlier.pk})
        self.assertContains(response, "Jan 6, 2025")

    def test_it_makes_the_same_number_of_queries_for_a_longer_history(self):
        self.login(self.cast.clinician)
        self.client.get(self.url)
        with self.assertNumQueries(QUERIES):
            self.client.get(self.url)
        today = timezone.localdate(timezone=self.cast.program.tz)
        for n in range(2, 8):
            session = make_session(
                self.cast.program,
                self.cast.clinician,
                clients=[self.cast.client],
                day=today - timedelta(days=n),
            )
            record_attendance(
                session, [Mark(self.cast.client.pk, "present")], by=self.cast.clinician
            )
        with self.assertNumQueries(QUERIES):
            self.client.get(self.url)


QUERIES = audited(23)  # the chart header's facts: hours this week, days since recovery
