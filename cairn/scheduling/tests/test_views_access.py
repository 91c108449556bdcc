"""Every scheduling view with the cast: allowed works, outsider 404, read-only 403, wrong
method 405, anonymous to sign-in."""

from datetime import time

from django.urls import reverse

from cairn.scheduling.models import (
    ClientUnavailability,
    KeepApart,
    RoomClosure,
    SchedulePlan,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)
from cairn.scheduling.tests.world import MONDAY, at, build_world
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session

WEEK = f"?week={MONDAY.isoformat()}"


class ViewAccessTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        cls.world = build_world(cast)
        cls.session = make_session(
            cast.program,
            cast.clinician,
            clients=[cast.client],
            day=MONDAY,
            start=time(9),
            hours=1.5,
            group_type=cls.world["process"],
            room=cls.world["group_room"],
        )
        profile = StaffProfile.objects.get(user=cast.clinician)
        cls.hours = StaffAvailability.objects.create(
            profile=profile, weekday=1, start_time=time(8), end_time=time(18)
        )
        cls.off = StaffTimeOff.objects.create(profile=profile, starts_on=MONDAY, ends_on=MONDAY)
        cls.closure = RoomClosure.objects.create(
            room=cls.world["office"],
            starts_at=at(cast.program, 3, 0),
            ends_at=at(cast.program, 3, 5),
        )
        cls.unavailable = ClientUnavailability.objects.create(
            client=cast.client, kind="recurring", weekday=3
        )
        a, b = sorted([cast.client, cast.other_client], key=lambda c: c.pk)
        cls.pair = KeepApart.objects.create(
            program=cast.program,
            client_a=a,
            client_b=b,
            reason="partners",
            created_by=cast.director,
        )
        cls.plan = SchedulePlan.objects.create(
            program=cast.program,
            week_start=MONDAY,
            created_by=cast.director,
            status="failed",
            message="Example",
            instance={"format": "cairn-schedule/1"},
        )

    def rows(self):
        """(url name, kwargs, methods, allowed, read-only or None)."""
        c, w = self.cast, self.world
        client = {"client_id": c.client.pk}
        return [
            ("scheduling:home", {}, "GET", "clinician", "biller"),
            ("scheduling:my_week", {}, "GET", "clinician", "biller"),
            ("scheduling:staff_week", {"user_id": c.clinician.pk}, "GET", "colleague", "biller"),
            ("scheduling:room_week", {"room_id": w["group_room"].pk}, "GET", "intake", "biller"),
            ("scheduling:track_week", {"track_id": w["track"].pk}, "GET", "supervisor", "biller"),
            (
                "scheduling:session_detail",
                {"session_id": self.session.pk},
                "GET",
                "colleague",
                None,
            ),
            ("scheduling:session_new", {}, "GET", "director", "clinician"),
            (
                "scheduling:session_edit",
                {"session_id": self.session.pk},
                "GET",
                "director",
                "colleague",
            ),
            (
                "scheduling:session_cancel",
                {"session_id": self.session.pk},
                "POST",
                "director",
                "clinician",
            ),
            (
                "scheduling:session_book",
                {"session_id": self.session.pk},
                "POST",
                "director",
                "clinician",
            ),
            (
                "scheduling:session_unbook",
                {"session_id": self.session.pk, **client},
                "POST",
                "director",
                "clinician",
            ),
            ("scheduling:plan_week", {}, "GET", "director", "clinician"),
            ("scheduling:week_instance", {}, "GET", "director", "clinician"),
            ("scheduling:plan_detail", {"plan_id": self.plan.pk}, "GET", "director", "clinician"),
            ("scheduling:plan_status", {"plan_id": self.plan.pk}, "GET", "director", "clinician"),
            ("scheduling:plan_approve", {"plan_id": self.plan.pk}, "POST", "director", "clinician"),
            ("scheduling:plan_instance", {"plan_id": self.plan.pk}, "GET", "director", "clinician"),
            ("scheduling:settings", {}, "GET", "admin", "clinician"),
            ("scheduling:tracks", {}, "GET", "admin", "clinician"),
            ("scheduling:track_new", {}, "GET", "director", "clinician"),
            ("scheduling:track_edit", {"track_id": w["track"].pk}, "GET", "director", "clinician"),
            ("scheduling:groups", {}, "GET", "director", "clinician"),
            ("scheduling:group_new", {}, "GET", "director", "clinician"),
            (
                "scheduling:group_edit",
                {"group_type_id": w["process"].pk},
                "GET",
                "director",
                "clinician",
            ),
            ("scheduling:group_load_catalog", {}, "POST", "director", "clinician"),
            ("scheduling:rooms", {}, "GET", "director", "clinician"),
            ("scheduling:room_new", {}, "GET", "director", "clinician"),
            ("scheduling:room_edit", {"room_id": w["office"].pk}, "GET", "director", "clinician"),
            (
                "scheduling:room_closure_add",
                {"room_id": w["office"].pk},
                "POST",
                "director",
                "clinician",
            ),
            (
                "scheduling:room_closure_delete",
                {"closure_id": self.closure.pk},
                "POST",
                "director",
                "clinician",
            ),
            ("scheduling:staff", {}, "GET", "director", "clinician"),
            ("scheduling:staff_edit", {"user_id": c.clinician.pk}, "GET", "director", "clinician"),
            (
                "scheduling:staff_hours_add",
                {"user_id": c.clinician.pk},
                "POST",
                "director",
                "clinician",
            ),
            (
                "scheduling:staff_time_off_add",
                {"user_id": c.clinician.pk},
                "POST",
                "director",
                "clinician",
            ),
            (
                "scheduling:staff_hours_delete",
                {"availability_id": self.hours.pk},
                "POST",
                "director",
                "clinician",
            ),
            (
                "scheduling:staff_time_off_delete",
                {"time_off_id": self.off.pk},
                "POST",
                "director",
                "clinician",
            ),
            ("scheduling:keep_apart", {}, "GET", "director", "clinician"),
            (
                "scheduling:keep_apart_end",
                {"pair_id": self.pair.pk},
                "POST",
                "director",
                "clinician",
            ),
            ("scheduling:client_schedule", client, "GET", "clinician", None),
            ("scheduling:unavailability_add", client, "POST", "clinician", "biller"),
            (
                "scheduling:unavailability_delete",
                {**client, "unavailability_id": self.unavailable.pk},
                "POST",
                "clinician",
                "biller",
            ),
            ("scheduling:needs_save", client, "POST", "clinician", "biller"),
            (
                "scheduling:makeup_book",
                {**client, "session_id": self.session.pk},
                "POST",
                "clinician",
                "biller",
            ),
            ("scheduling:client_feed", client, "POST", "clinician", "biller"),
            ("scheduling:my_feed", {}, "GET", "clinician", "biller"),
        ]

    def test_it_lets_the_allowed_role_in(self):
        for name, kwargs, method, allowed, _ in self.rows():
            if method != "GET":
                continue
            with self.subTest(url=name):
                self.login(getattr(self.cast, allowed))
                response = self.client.get(reverse(name, kwargs=kwargs) + WEEK)
                self.assertIn(response.status_code, (200, 302), name)

    def test_it_answers_403_to_a_role_that_may_only_look(self):
        for name, kwargs, method, _, readonly in self.rows():
            if readonly is None:
                continue
            with self.subTest(url=name):
                self.login(getattr(self.cast, readonly))
                response = getattr(self.client, method.lower())(reverse(name, kwargs=kwargs))
                self.assertEqual(response.status_code, 403, name)

    def test_it_answers_404_to_an_outsider_for_this_programs_objects(self):
        self.login(self.cast.outsider)
        for name, kwargs, method, _, _ in self.rows():
            if not kwargs:
                continue
            with self.subTest(url=name):
                response = getattr(self.client, method.lower())(reverse(name, kwargs=kwargs))
                self.assertEqual(response.status_code, 404, name)

    def test_it_refuses_the_wrong_method(self):
        self.login(self.cast.director)
        for name, kwargs, method, _, _ in self.rows():
            with self.subTest(url=name):
                url = reverse(name, kwargs=kwargs)
                wrong = self.client.delete(url) if method == "GET" else self.client.get(url)
                self.assertEqual(wrong.status_code, 405, name)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for name, kwargs, method, _, _ in self.rows():
            with self.subTest(url=name):
                response = getattr(self.client, method.lower())(reverse(name, kwargs=kwargs))
                self.assertEqual(response.status_code, 302, name)
                self.assertIn(reverse("accounts:login"), response["Location"])
