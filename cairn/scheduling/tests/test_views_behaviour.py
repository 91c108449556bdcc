"""What the pages do: forms refuse bad input with a message and write nothing; list pages keep
their query counts; conflicts are shown; feeds carry no names; make-up seats are offered."""

from datetime import time

from django.urls import reverse

from cairn.scheduling.models import (
    CalendarFeed,
    ClientUnavailability,
    GroupType,
    KeepApart,
    Room,
    RoomClosure,
    Session,
    StaffAvailability,
    StaffTimeOff,
)
from cairn.scheduling.tests.world import MONDAY, at, build_world
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_episode
from cairn.testing.sessions import make_session

WEEK = f"?week={MONDAY.isoformat()}"


class FormsTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.world = build_world(cls.cast)

    def post_bad(self, user, name, data, model, *, kwargs=None, message):
        self.login(user)
        before = model.objects.count()
        response = self.client.post(reverse(name, kwargs=kwargs or {}), data)
        self.assertIn(response.status_code, (400, 409), name)
        self.assertContains(response, message, status_code=response.status_code)
        self.assertEqual(model.objects.count(), before)

    def test_it_refuses_a_client_unavailability_ending_before_it_starts(self):
        self.post_bad(
            self.cast.clinician,
            "scheduling:unavailability_add",
            {
                "kind": "recurring",
                "weekday": 1,
                "start_time": "12:00",
                "end_time": "09:00",
                "reason": "work",
            },
            ClientUnavailability,
            kwargs={"client_id": self.cast.client.pk},
            message="The end must be after the start.",
        )

    def test_it_refuses_a_weekly_unavailability_without_its_day(self):
        self.post_bad(
            self.cast.clinician,
            "scheduling:unavailability_add",
            {"kind": "recurring", "reason": "work"},
            ClientUnavailability,
            kwargs={"client_id": self.cast.client.pk},
            message="Pick the day of the week.",
        )

    def test_it_adds_a_client_unavailability(self):
        self.login(self.cast.clinician)
        url = reverse("scheduling:unavailability_add", kwargs={"client_id": self.cast.client.pk})
        data = {"kind": "dated", "starts_on": "2030-01-08", "reason": "legal", "note": "Court"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        row = ClientUnavailability.objects.get(client=self.cast.client)
        self.assertEqual(row.ends_on.isoformat(), "2030-01-08")

    def test_it_refuses_a_session_with_a_conflict_and_shows_why(self):
        make_session(
            self.cast.program,
            self.cast.clinician,
            day=MONDAY,
            start=time(9),
            room=None,
            group_type=self.world["process"],
        )
        data = {
            "kind": "individual",
            "day": MONDAY.isoformat(),
            "start": "09:30",
            "end": "10:30",
            "facilitator": self.cast.clinician.pk,
            "room": self.world["office"].pk,
            "mode": "in_person",
            "clients": self.cast.client.mrn,
        }
        self.post_bad(
            self.cast.director, "scheduling:session_new", data, Session, message="already leads"
        )

    def test_it_refuses_a_group_session_without_its_type(self):
        data = {
            "kind": "group",
            "day": MONDAY.isoformat(),
            "start": "09:00",
            "end": "10:30",
            "facilitator": self.cast.clinician.pk,
            "room": self.world["group_room"].pk,
            "mode": "in_person",
        }
        self.post_bad(
            self.cast.director,
            "scheduling:session_new",
            data,
            Session,
            message="Pick the kind of group.",
        )

    def test_it_refuses_an_unknown_client_record_number(self):
        data = {
            "kind": "individual",
            "day": MONDAY.isoformat(),
            "start": "13:00",
            "end": "14:00",
            "facilitator": self.cast.clinician.pk,
            "room": self.world["office"].pk,
            "mode": "in_person",
            "clients": "NOPE1",
        }
        self.post_bad(self.cast.director, "scheduling:session_new", data, Session, message="NOPE1")

    def test_it_adds_a_session_by_hand(self):
        self.login(self.cast.director)
        data = {
            "kind": "individual",
            "day": MONDAY.isoformat(),
            "start": "13:00",
            "end": "14:00",
            "facilitator": self.cast.clinician.pk,
            "room": self.world["office"].pk,
            "mode": "in_person",
            "clients": self.cast.client.mrn,
        }
        response = self.client.post(reverse("scheduling:session_new"), data)
        session = Session.objects.get()
        self.assertRedirects(
            response, reverse("scheduling:session_detail", kwargs={"session_id": session.pk})
        )
        self.assertEqual(session.starts_at, at(self.cast.program, 0, 13))

    def test_it_refuses_a_telehealth_session_without_a_link(self):
        data = {
            "kind": "individual",
            "day": MONDAY.isoformat(),
            "start": "13:00",
            "end": "14:00",
            "facilitator": self.cast.clinician.pk,
            "mode": "telehealth",
        }
        self.post_bad(
            self.cast.director, "scheduling:session_new", data, Session, message="Give the link"
        )

    def test_it_refuses_a_stale_move(self):
        session = make_session(
            self.cast.program,
            self.cast.clinician,
            day=MONDAY,
            start=time(9),
            group_type=self.world["process"],
            room=self.world["group_room"],
        )
        self.login(self.cast.director)
        data = {
            "kind": "group",
            "group_type": self.world["process"].pk,
            "day": MONDAY.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "facilitator": self.cast.clinician.pk,
            "room": self.world["group_room"].pk,
            "mode": "in_person",
            "version": 7,
        }
        url = reverse("scheduling:session_edit", kwargs={"session_id": session.pk})
        self.assertContains(self.client.post(url, data), "Someone else changed", status_code=409)
        session.refresh_from_db()
        self.assertEqual(session.starts_at, at(self.cast.program, 0, 9))

    def test_it_refuses_keep_apart_with_an_unknown_client_or_the_same_one_twice(self):
        mrn = self.cast.client.mrn
        data = {"first": mrn, "second": "X999", "reason": "partners"}
        self.post_bad(
            self.cast.director, "scheduling:keep_apart", data, KeepApart, message="No active client"
        )
        data = {"first": mrn, "second": mrn, "reason": "partners"}
        self.post_bad(
            self.cast.director, "scheduling:keep_apart", data, KeepApart, message="two different"
        )

    def test_it_keeps_two_clients_apart_once(self):
        self.login(self.cast.director)
        data = {
            "first": self.cast.client.mrn,
            "second": self.cast.other_client.mrn,
            "reason": "partners",
        }
        self.assertEqual(self.client.post(reverse("scheduling:keep_apart"), data).status_code, 302)
        self.post_bad(
            self.cast.director,
            "scheduling:keep_apart",
            data,
            KeepApart,
            message="already kept apart",
        )

    def test_it_refuses_bad_configuration(self):
        director, program = self.cast.director, self.cast.program
        self.post_bad(
            director,
            "scheduling:group_new",
            {
                "name": "X",
                "code": "x",
                "min_size": 9,
                "max_size": 3,
                "qualification": "group",
                "required_per_week": 0,
            },
            GroupType,
            message="cannot be larger",
        )
        self.post_bad(
            director,
            "scheduling:room_new",
            {"name": "Group A", "kinds": ["group"], "capacity": 5},
            Room,
            message="already has this name",
        )
        self.post_bad(
            director,
            "scheduling:room_closure_add",
            {"starts_at": "2030-01-08T10:00", "ends_at": "2030-01-08T09:00"},
            RoomClosure,
            kwargs={"room_id": self.world["office"].pk},
            message="must end after",
        )
        self.post_bad(
            director,
            "scheduling:staff_hours_add",
            {"weekday": 1, "start_time": "17:00", "end_time": "09:00"},
            StaffAvailability,
            kwargs={"user_id": self.cast.clinician.pk},
            message="must end after",
        )
        self.post_bad(
            director,
            "scheduling:staff_time_off_add",
            {"starts_on": "2030-01-09", "ends_on": "2030-01-08"},
            StaffTimeOff,
            kwargs={"user_id": self.cast.clinician.pk},
            message="cannot be before",
        )
        self.post_bad(
            director,
            "scheduling:track_new",
            {
                "name": "Dup",
                "code": program.tracks.get().code,
                "days": [1],
                "start_time": "09:00",
                "end_time": "12:00",
            },
            type(program.tracks.get()),
            message="already uses this code",
        )


class PagesTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.world = build_world(cls.cast)

    def add_sessions(self, count, start_hour=8):
        for i in range(count):
            make_session(
                self.cast.program,
                self.cast.clinician,
                clients=[self.cast.client, *self.world["extra"]],
                day=MONDAY,
                start=time(start_hour + i),
                hours=1,
                group_type=self.world["process"],
                room=self.world["group_room"],
                track=self.world["track"],
            )

    def test_it_keeps_the_week_pages_query_count_flat(self):
        self.login(self.cast.director)
        urls = [
            reverse("scheduling:home") + WEEK,
            reverse("scheduling:staff_week", kwargs={"user_id": self.cast.clinician.pk}) + WEEK,
            reverse("scheduling:room_week", kwargs={"room_id": self.world["group_room"].pk}) + WEEK,
            reverse("scheduling:track_week", kwargs={"track_id": self.world["track"].pk}) + WEEK,
            reverse("scheduling:client_schedule", kwargs={"client_id": self.cast.client.pk}) + WEEK,
        ]
        self.add_sessions(2)
        counts = [_count(self, url) for url in urls]
        self.add_sessions(5, start_hour=12)
        for url, count in zip(urls, counts, strict=True):
            with self.subTest(url=url), self.assertNumQueries(count):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_keeps_the_configuration_lists_query_count_flat(self):
        self.login(self.cast.director)
        for name in (
            "scheduling:staff",
            "scheduling:rooms",
            "scheduling:groups",
            "scheduling:keep_apart",
        ):
            url = reverse(name)
            before = _count(self, url)
            extra = make_client(self.cast.program)
            make_episode(extra)
            Room.objects.create(program=self.cast.program, name=f"Room for {name}", kinds=["group"])
            a, b = sorted([extra, self.cast.client], key=lambda c: c.pk)
            KeepApart.objects.create(
                program=self.cast.program,
                client_a=a,
                client_b=b,
                reason="other",
                created_by=self.cast.director,
            )
            with self.subTest(url=name):
                self.assertEqual(_count(self, url), before)

    def test_it_hides_the_roster_from_staff_who_may_not_see_it(self):
        self.add_sessions(1)
        session = Session.objects.get()
        url = reverse("scheduling:session_detail", kwargs={"session_id": session.pk})
        self.login(self.cast.colleague)
        self.assertNotContains(self.client.get(url), self.cast.client.last_name)
        self.login(self.cast.clinician)  # the facilitator
        self.assertContains(self.client.get(url), self.cast.client.last_name)

    def test_it_offers_make_up_seats_that_fit_the_client(self):
        from cairn.scheduling import makeup

        later = make_session(
            self.cast.program,
            self.cast.colleague,
            clients=self.world["extra"][:2],
            day=MONDAY,
            start=time(13),
            group_type=self.world["process"],
            room=self.world["group_room"],
        )
        blocked = make_session(
            self.cast.program,
            self.cast.colleague,
            clients=[self.cast.other_client],
            day=MONDAY,
            start=time(17),
            group_type=self.world["process"],
        )
        a, b = sorted([self.cast.client, self.cast.other_client], key=lambda c: c.pk)
        KeepApart.objects.create(
            program=self.cast.program,
            client_a=a,
            client_b=b,
            reason="partners",
            created_by=self.cast.director,
        )
        offers = makeup.offers(
            self.cast.client, self.world["week"], now=at(self.cast.program, -1, 0)
        )
        self.assertEqual(offers, [later])
        self.assertNotIn(blocked, offers)
        short = makeup.shortfalls(
            self.cast.program, self.world["week"], now=at(self.cast.program, -1, 0)
        )
        self.assertEqual(short[self.cast.client.pk], 9)

    def test_it_books_a_make_up_seat(self):
        later = make_session(
            self.cast.program,
            self.cast.colleague,
            day=MONDAY,
            start=time(13),
            group_type=self.world["process"],
            room=self.world["group_room"],
        )
        self.login(self.cast.clinician)
        url = reverse(
            "scheduling:makeup_book",
            kwargs={"client_id": self.cast.client.pk, "session_id": later.pk},
        )
        self.client.post(url)
        self.assertTrue(
            later.participants.filter(client=self.cast.client, cancelled=False).exists()
        )


class FeedTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.world = build_world(cls.cast)

    def test_it_serves_a_staff_feed_without_client_names_until_revoked(self):
        from django.utils import timezone

        make_session(
            self.cast.program,
            self.cast.clinician,
            clients=[self.cast.client],
            day=timezone.localdate(),
            group_type=self.world["process"],
            room=self.world["group_room"],
        )
        self.login(self.cast.clinician)
        page = self.client.post(reverse("scheduling:my_feed"))
        token = page.context["token"]
        feed_url = reverse("scheduling:feed", kwargs={"token": token})
        self.client.logout()
        body = self.client.get(feed_url).content.decode()
        self.assertIn("BEGIN:VEVENT", body)
        self.assertIn("Process group (group)", body)
        self.assertNotIn(self.cast.client.last_name, body)
        self.assertNotIn(token, "".join(CalendarFeed.objects.values_list("token_hash", flat=True)))
        self.login(self.cast.clinician)
        self.client.post(reverse("scheduling:my_feed"), {"revoke": "1"})
        self.client.logout()
        self.assertEqual(self.client.get(feed_url).status_code, 404)

    def test_it_serves_a_clients_feed_as_plain_appointments(self):
        from django.utils import timezone

        make_session(
            self.cast.program,
            self.cast.clinician,
            clients=[self.cast.client],
            day=timezone.localdate(),
            group_type=self.world["process"],
            room=self.world["group_room"],
        )
        self.login(self.cast.clinician)
        page = self.client.post(
            reverse("scheduling:client_feed", kwargs={"client_id": self.cast.client.pk})
        )
        token = page.context["feed_token"]
        self.client.logout()
        body = self.client.get(reverse("scheduling:feed", kwargs={"token": token})).content.decode()
        self.assertIn("SUMMARY:Appointment", body)
        self.assertNotIn("Process", body)

    def test_it_answers_404_to_an_unknown_token(self):
        self.assertEqual(
            self.client.get(reverse("scheduling:feed", kwargs={"token": "nope"})).status_code, 404
        )


def _count(test, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        test.client.get(url)
    return len(ctx.captured_queries)
