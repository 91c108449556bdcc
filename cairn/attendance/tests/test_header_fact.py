"""The chart header shows the hours attended this program week against the weekly minimum."""

from datetime import time
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from cairn.attendance.tests.helpers import (
    MONDAY,
    NOW,
    days_before,
    make_world,
    mark_all,
    session_on,
)
from cairn.testing.factories import verified_login


class HoursHeaderFactTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program, cls.facilitator, (cls.person,) = make_world(clients=1)
        monday = session_on(cls.program, cls.facilitator, [cls.person], MONDAY, hours=3)
        today = session_on(cls.program, cls.facilitator, [cls.person], NOW.date(), start=time(9))
        last_week = session_on(cls.program, cls.facilitator, [cls.person], days_before(MONDAY, 2))
        mark_all(monday, [cls.person], by=cls.facilitator)
        mark_all(today, [cls.person], "late", by=cls.facilitator, late_minutes=90)
        mark_all(last_week, [cls.person], by=cls.facilitator)

    def setUp(self):
        verified_login(self.client, self.facilitator)
        self.url = reverse("clients:chart", kwargs={"client_id": self.person.pk})

    def page(self):
        with mock.patch("cairn.attendance.header.timezone.now", return_value=NOW):
            return self.client.get(self.url)

    def test_it_shows_this_weeks_hours_against_the_minimum(self):
        self.assertContains(self.page(), "Hours this week <strong>4.5 of 9 minimum</strong>")

    def test_it_shows_nothing_outside_an_active_episode(self):
        episode = self.person.episodes.get()
        episode.status, episode.discharged_on = "discharged", NOW.date()
        episode.save()
        self.assertNotContains(self.page(), "Hours this week")
