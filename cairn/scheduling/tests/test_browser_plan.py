"""The major workflow in a real browser: the director builds next week's plan, sees it,
approves it, and a clinician sees their sessions on their calendar."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cairn.scheduling.models import ScheduleSettings
from cairn.scheduling.tests.world import build_world
from cairn.scheduling.weeks import monday_of
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast


class PlanWeekBrowserTest(BrowserTestCase):
    def setUp(self):
        pytest.importorskip("cairn.scheduling.solver")
        super().setUp()
        self.cast = build_cast()
        self.world = build_world(self.cast)
        ScheduleSettings.objects.create(program=self.cast.program, solve_seconds=10)
        self.week = monday_of(timezone.localdate()) + timedelta(days=7)

    def test_it_builds_shows_and_approves_a_week_that_the_clinician_then_sees(self):
        page = self.page
        self.sign_in_with_totp(self.cast.director)
        page.goto(self.url(f"/schedule/plan/?week={self.week.isoformat()}"))
        page.get_by_role("button", name="Build the plan").click()
        page.get_by_role("heading", name="Unmet requirements").wait_for(timeout=60_000)
        self.assertIn("The proposed week", page.content())
        self.assertTrue(page.get_by_text("Relapse prevention").first.is_visible())
        page.get_by_role("button", name="Approve this week").click()
        page.get_by_text("Plan approved").wait_for()
        self.assertIn("sessions added", page.locator(".alert-success").inner_text())

        self.context.clear_cookies()
        self.sign_in_with_totp(self.cast.clinician)
        page.goto(self.url(f"/schedule/mine/?week={self.week.isoformat()}"))
        page.get_by_role("heading", name="My week").wait_for()
        cards = page.locator(".session-card")
        self.assertGreater(cards.count(), 0)
        self.assertIn("Individual", page.locator(".week-grid").inner_text())
        self.assertEqual(self.console_errors, [])
