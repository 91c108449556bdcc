"""When a review is due (issue 9, point 2): every 30 days (a program setting), shown as due
from a week before and overdue after; the clinician's home panel lists their plans that need
them, in a fixed number of queries."""

from datetime import date, timedelta

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from cairn.accounts.models import User
from cairn.plans.models import PlanSettings
from cairn.plans.queries import plans_needing_attention
from cairn.plans.review import attention_cutoff, review_status
from cairn.testing.cast import build_cast
from cairn.testing.factories import add_to_team, make_client, make_episode
from cairn.testing.plans import make_treatment_plan

SIGNED = date(2026, 3, 1)


class ReviewStatusTest(SimpleTestCase):
    def status(self, today, **settings):
        return review_status(SIGNED, today=today, **settings)

    def test_it_is_not_due_long_before_the_date(self):
        status = self.status(date(2026, 3, 20))
        self.assertEqual((status.state, status.due_on), ("ok", date(2026, 3, 31)))
        self.assertFalse(status.needs_attention)

    def test_it_is_due_from_a_week_before(self):
        self.assertEqual(self.status(date(2026, 3, 23)).state, "ok")
        due = self.status(date(2026, 3, 24))
        self.assertEqual((due.state, due.days, due.label), ("due", 7, "Review due in 7 days"))

    def test_it_is_due_on_the_day(self):
        self.assertEqual(self.status(date(2026, 3, 31)).label, "Review due today")

    def test_it_is_overdue_the_day_after(self):
        status = self.status(date(2026, 4, 1))
        self.assertEqual((status.state, status.label), ("overdue", "Review overdue by 1 day"))

    def test_the_interval_is_a_setting(self):
        self.assertEqual(self.status(date(2026, 3, 20), interval_days=14).state, "overdue")
        self.assertEqual(self.status(date(2026, 3, 20), warning_days=14).state, "due")

    def test_no_signed_plan_has_no_review_date(self):
        self.assertEqual(review_status(None, today=SIGNED).state, "none")

    def test_the_list_cutoff_agrees_with_the_status(self):
        today = date(2026, 4, 10)
        cutoff = attention_cutoff(today, interval_days=30, warning_days=7)
        for signed in (cutoff - timedelta(days=1), cutoff, cutoff + timedelta(days=1)):
            with self.subTest(signed=signed):
                needs = review_status(signed, today=today).needs_attention
                self.assertEqual(needs, signed <= cutoff)


class HomePanelTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        today = timezone.localdate()
        cls.overdue = make_treatment_plan(
            cls.cast.client,
            by=cls.cast.clinician,
            client_signed=True,
            plan_date=today - timedelta(days=40),
        )

    def _add_client(self, signed_days_ago):
        client = make_client(self.cast.program)
        make_episode(client)
        add_to_team(client, self.cast.clinician)
        if signed_days_ago is not None:
            make_treatment_plan(
                client,
                by=self.cast.clinician,
                client_signed=True,
                plan_date=timezone.localdate() - timedelta(days=signed_days_ago),
            )
        return client

    def test_it_lists_due_overdue_and_unplanned_clients_of_the_clinician(self):
        due = self._add_client(25)
        self._add_client(3)
        unplanned = self._add_client(None)
        rows = plans_needing_attention(self.cast.clinician, self.cast.program)
        states = {row.client_id: row.state for row in rows}
        self.assertEqual(
            states,
            {self.cast.client.pk: "overdue", due.pk: "due", unplanned.pk: "overdue"},
        )

    def test_it_follows_the_programs_interval(self):
        PlanSettings.objects.create(program=self.cast.program, review_interval_days=60)
        rows = plans_needing_attention(self.cast.clinician, self.cast.program)
        self.assertNotIn(self.cast.client.pk, {row.client_id for row in rows})

    def test_it_shows_nothing_of_other_clinicians_clients(self):
        self.assertEqual(plans_needing_attention(self.cast.colleague, self.cast.program), [])

    def test_it_makes_the_same_number_of_queries_with_more_plans(self):
        clinician = User.objects.get(pk=self.cast.clinician.pk)
        with self.assertNumQueries(4):  # roles, settings, plans, episodes without a plan
            plans_needing_attention(clinician, self.cast.program)
        for days in (25, 40, 50, None, None):
            self._add_client(days)
        clinician = User.objects.get(pk=self.cast.clinician.pk)
        with self.assertNumQueries(4):
            rows = plans_needing_attention(clinician, self.cast.program)
        self.assertEqual(len(rows), 6)

    def test_the_panel_shows_on_the_clinicians_home_page(self):
        from cairn.testing.factories import verified_login

        verified_login(self.client, self.cast.clinician)
        response = self.client.get("/")
        self.assertContains(response, "Treatment plans that need you")
        self.assertContains(response, "Review overdue by 10 days")
        verified_login(self.client, self.cast.director)
        self.assertNotContains(self.client.get("/"), "Treatment plans that need you")
