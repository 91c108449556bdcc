"""The weekly-hours board (issue 6 point 2, performance): each sees the clients the door lets
them, and the page makes a fixed number of queries for 1,000 active clients."""

import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.attendance.models import AttendanceRecord
from cairn.attendance.tests.helpers import audited
from cairn.clients.models import Client, Episode
from cairn.scheduling.models import Session, SessionParticipant
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_group_type, make_session

URL = reverse("attendance:board")


class BoardViewTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        day = timezone.localdate(timezone=cast.program.tz) - timedelta(days=1)
        make_session(
            cast.program, cast.clinician, clients=[cast.client, cast.other_client], day=day
        )

    def _get(self, member, **params):
        self.login(getattr(self.cast, member))
        return self.client.get(URL, params)

    def test_it_shows_the_director_every_active_client(self):
        response = self._get("director")
        self.assertContains(response, "Robin Castillo")
        self.assertContains(response, "Sasha Lind")

    def test_it_shows_a_clinician_only_their_care_team_clients(self):
        response = self._get("clinician")
        self.assertContains(response, "Robin Castillo")
        self.assertNotContains(response, "Sasha Lind")

    def test_it_filters_by_primary_clinician(self):
        response = self._get("director", clinician=self.cast.clinician.pk)  # on Robin's team
        self.assertContains(response, "Robin Castillo")
        self.assertNotContains(response, "Sasha Lind")

    def test_it_answers_403_to_roles_without_attendance(self):
        for member in ("biller", "intake", "admin"):
            with self.subTest(member=member):
                self.assertEqual(self._get(member).status_code, 403)

    def test_it_shows_the_outsider_nothing_of_this_program(self):
        response = self._get("outsider")
        self.assertNotContains(response, "Robin Castillo")
        self.assertNotContains(response, "Sasha Lind")

    def test_it_refuses_the_wrong_method_and_anonymous_visitors(self):
        self.assertEqual(self.client.get(URL).status_code, 302)
        self.login(self.cast.director)
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_it_shows_only_clients_under_the_minimum_when_asked(self):
        response = self._get("director", show="under")
        self.assertContains(response, "At risk")


def _bulk_program(program, facilitator, clients: int, weeks: int = 6):
    """``clients`` active clients, each booked into and attending 4 of the last ``weeks``
    weeks' sessions (bulk inserts, so 1,000 clients take seconds)."""
    zone = program.tz
    today = timezone.localdate(timezone=zone)
    people = Client.objects.bulk_create(
        Client(
            organization_id=program.organization_id,
            program=program,
            mrn=f"B{n:05d}",
            first_name="Bulk",
            last_name=f"Client{n:05d}",
            date_of_birth=date(1985, 1, 1),
        )
        for n in range(clients)
    )
    Episode.objects.bulk_create(
        Episode(
            client=c,
            program=program,
            admitted_on=today - timedelta(weeks=weeks + 1),
            primary_clinician=facilitator,
        )
        for c in people
    )
    group = make_group_type(program)
    monday = today - timedelta(days=today.weekday())
    sessions = Session.objects.bulk_create(
        Session(
            program=program,
            kind="group",
            group_type=group,
            facilitator=facilitator,
            starts_at=datetime.combine(monday - timedelta(weeks=w, days=-d), clock(9), zone),
            ends_at=datetime.combine(monday - timedelta(weeks=w, days=-d), clock(12), zone),
        )
        for w in range(1, weeks + 1)
        for d in range(4)
    )
    SessionParticipant.objects.bulk_create(
        (SessionParticipant(session=s, client=c) for s in sessions for c in people),
        batch_size=5000,
    )
    AttendanceRecord.objects.bulk_create(
        (
            AttendanceRecord(
                session=s,
                client=c,
                status="present" if (c.pk + s.pk) % 5 else "absent_excused",
                minutes=180 if (c.pk + s.pk) % 5 else 0,
                recorded_by=facilitator,
            )
            for s in sessions
            for c in people
        ),
        batch_size=5000,
    )


@pytest.mark.slow
class BoardScaleTest(CastTestCase):
    def _timed(self):
        started = time.monotonic()
        response = self.client.get(URL)
        return response, time.monotonic() - started

    def test_it_makes_a_fixed_number_of_queries_for_1000_active_clients(self):
        self.login(self.cast.director)
        self.client.get(URL)
        with self.assertNumQueries(QUERIES):
            self.client.get(URL)
        _bulk_program(self.cast.program, self.cast.clinician, 1000)
        self.client.get(URL, {"page": 2})
        with self.assertNumQueries(QUERIES):
            response, seconds = self._timed()
        self.assertContains(response, "1002 clients")
        print(f"\nweekly-hours board, 1,002 active clients: {seconds:.2f} s")  # noqa: T201


#: sign-in bookkeeping (4), the program (1), settings, clients, their episodes, hours
#: attended, hours scheduled, rules, alerts, the audit event (4), the clinicians filter.
QUERIES = audited(17)
