"""The attendance sessions list: a day's sessions the user takes attendance for."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session

URL = reverse("attendance:sessions")


class SessionsViewTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        cls.day = timezone.localdate(timezone=cast.program.tz) - timedelta(days=1)
        make_session(
            cast.program,
            cast.clinician,
            clients=[cast.client],
            day=cls.day,
            title="Morning process",
        )
        make_session(
            cast.program,
            cast.colleague,
            clients=[cast.other_client],
            day=cls.day,
            title="Coping skills B",
        )

    def _get(self, member, **params):
        self.login(getattr(self.cast, member))
        return self.client.get(URL, {"day": self.day.isoformat(), **params})

    def test_it_lists_the_facilitators_own_sessions(self):
        response = self._get("clinician")
        self.assertContains(response, "Morning process")
        self.assertNotContains(response, "Coping skills B")
        self.assertContains(response, "1 on the roster")

    def test_it_lists_every_session_of_the_program_for_the_director(self):
        response = self._get("director")
        self.assertContains(response, "Morning process")
        self.assertContains(response, "Coping skills B")

    def test_it_answers_403_to_roles_without_attendance(self):
        for member in ("biller", "intake", "admin"):
            with self.subTest(member=member):
                self.assertEqual(self._get(member).status_code, 403)

    def test_it_shows_the_outsider_nothing_of_this_program(self):
        self.assertNotContains(self._get("outsider"), "Morning process")

    def test_it_lists_yesterdays_untaken_sessions_today(self):
        self.login(self.cast.clinician)
        response = self.client.get(URL)
        self.assertContains(response, "Still to take")
        self.assertContains(response, "Morning process")

    def test_it_shows_today_for_a_date_it_cannot_read(self):
        self.assertEqual(self._get("clinician", day="not-a-day").status_code, 200)

    def test_it_refuses_the_wrong_method_and_anonymous_visitors(self):
        self.assertEqual(self.client.get(URL).status_code, 302)
        self.login(self.cast.clinician)
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_it_makes_the_same_number_of_queries_for_more_sessions(self):
        self.login(self.cast.director)
        self.client.get(URL)
        with self.assertNumQueries(6):
            self.client.get(URL, {"day": self.day.isoformat()})
        for n in range(5):
            make_session(
                self.cast.program,
                self.cast.clinician,
                clients=[self.cast.client],
                day=self.day,
                title=f"Extra {n}",
            )
        with self.assertNumQueries(6):
            self.client.get(URL, {"day": self.day.isoformat()})
