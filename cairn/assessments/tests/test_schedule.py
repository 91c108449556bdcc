"""Due dates (issue 8, point 4): the default schedule, a program's own rules, grace days, the
C-SSRS after PHQ-9 item 9 > 0, discharge, and a fixed number of queries for any caseload."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cairn.assessments import schedule
from cairn.assessments.configuration import save_schedule, save_settings
from cairn.clients.models import Client
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_client, make_episode

NEW_YORK = ZoneInfo("America/New_York")
ADMITTED = date(2026, 3, 2)  # a Monday
PHQ9_ITEM9 = {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=NEW_YORK)


def _day(n: int) -> date:
    return ADMITTED + timedelta(days=n)


class DueTest(CastTestCase):
    def setUp(self):
        self.person = make_client(self.cast.program)
        self.episode = make_episode(self.person, admitted_on=ADMITTED)

    def _give(self, code, day, answers=None):
        return make_administration(self.person, code, answers, administered_at=_at(_day(day)))

    def _due(self, on: date) -> dict[str, tuple[str, date, str]]:
        with time_machine.travel(_at(on, 12), tick=False):
            items = schedule.due_for_client(self.person)
            return {i.instrument: (i.occasion, i.due_on, i.status(on)) for i in items}

    def test_it_makes_every_intake_instrument_due_on_the_admission_day(self):
        due = self._due(ADMITTED)
        self.assertEqual(
            set(due), {"phq9", "gad7", "bam", "pacs", "auditc", "dast10", "pcl5", "cssrs"}
        )
        self.assertEqual(due["phq9"], ("intake", ADMITTED, "due"))

    def test_it_calls_an_intake_overdue_after_the_grace_days(self):
        self.assertEqual(self._due(_day(3))["gad7"][2], "due")
        self.assertEqual(self._due(_day(4))["gad7"][2], "overdue")

    def test_it_uses_the_programs_grace_days(self):
        save_settings(self.cast.program, by=self.cast.director, grace_days=0)
        self.assertEqual(self._due(_day(1))["gad7"][2], "overdue")

    def test_it_makes_phq9_due_again_14_days_after_the_last_one(self):
        self._give("phq9", 0)
        self.assertEqual(self._due(_day(13))["phq9"], ("follow_up", _day(14), "upcoming"))
        self.assertEqual(self._due(_day(14))["phq9"][2], "due")
        self.assertEqual(self._due(_day(18))["phq9"][2], "overdue")
        self._give("phq9", 16)
        self.assertEqual(self._due(_day(18))["phq9"], ("follow_up", _day(30), "upcoming"))

    def test_it_makes_pcl5_due_every_30_days(self):
        self._give("pcl5", 1)
        self.assertEqual(self._due(_day(2))["pcl5"][1], _day(31))

    def test_it_asks_intake_only_instruments_once(self):
        for code in ("auditc", "dast10", "cssrs"):
            self._give(code, 0)
        due = self._due(_day(60))
        self.assertFalse({"auditc", "dast10", "cssrs"} & set(due))

    def test_it_makes_the_c_ssrs_due_the_day_phq9_item_9_is_above_zero(self):
        self._give("cssrs", 0)
        self._give("phq9", 14, PHQ9_ITEM9)
        self.assertEqual(self._due(_day(14))["cssrs"], ("safety", _day(14), "due"))
        self.assertEqual(self._due(_day(15))["cssrs"][2], "overdue")  # no grace for safety
        self._give("cssrs", 14)
        self.assertNotIn("cssrs", self._due(_day(15)))

    def test_it_follows_a_programs_own_rules(self):
        rules = {
            "phq9": (True, 7, True, ""),
            "gad7": (False, None, False, ""),
            "cssrs": (False, None, False, ""),
        }
        save_schedule(self.cast.program, rules, by=self.cast.director)
        self._give("phq9", 0)
        due = self._due(_day(7))
        self.assertEqual(set(due), {"phq9"})
        self.assertEqual(due["phq9"][1], _day(7))

    def test_it_makes_an_interval_without_intake_due_one_interval_after_admission(self):
        save_schedule(self.cast.program, {"pacs": (False, 7, False, "")}, by=self.cast.director)
        self.assertEqual(self._due(_day(0))["pacs"], ("follow_up", _day(7), "upcoming"))

    def test_it_counts_only_the_current_episode(self):
        self._give("phq9", 0)
        self.episode.status, self.episode.discharged_on = "discharged", _day(20)
        self.episode.save()
        make_episode(self.person, admitted_on=_day(40))
        self.assertEqual(self._due(_day(40))["phq9"], ("intake", _day(40), "due"))

    def test_it_ignores_drafts_and_assessments_entered_in_error(self):
        self._give("gad7", 0).__class__.objects.filter(instrument="gad7").update(
            status="entered_in_error"
        )
        make_administration(self.person, "phq9", status="draft")
        due = self._due(_day(1))
        self.assertEqual(due["gad7"][0], "intake")
        self.assertEqual(due["phq9"][0], "intake")

    def test_it_has_nothing_due_without_an_active_episode(self):
        self.episode.status, self.episode.discharged_on = "discharged", _day(20)
        self.episode.save()
        self.assertEqual(self._due(_day(21)), {})

    def test_it_lists_what_is_still_to_give_at_discharge(self):
        make_administration(self.person, "phq9", occasion="discharge", administered_at=_at(_day(1)))
        self.assertEqual(schedule.discharge_due(self.person), ["gad7", "bam", "pacs"])


class CountTest(CastTestCase):
    def _clients(self, n):
        for _ in range(n):
            client = make_client(self.cast.program)
            make_episode(client, admitted_on=ADMITTED)
            make_administration(client, "phq9", administered_at=_at(ADMITTED))

    def test_it_works_out_any_number_of_clients_in_four_queries(self):
        self._clients(2)
        clients = Client.objects.filter(program=self.cast.program)
        with time_machine.travel(_at(_day(20)), tick=False):
            with CaptureQueriesContext(connection) as few:
                found = schedule.due_for_clients(clients, self.cast.program)
            self._clients(5)
            with self.assertNumQueries(len(few.captured_queries)):
                more = schedule.due_for_clients(clients, self.cast.program)
        self.assertEqual(len(few.captured_queries), 4)
        self.assertEqual(len(more), len(found) + 5)

    def test_it_counts_overdue_items(self):
        self._clients(2)
        clients = Client.objects.filter(program=self.cast.program).exclude(
            pk__in=[self.cast.client.pk, self.cast.other_client.pk]
        )
        # Day 20: PHQ-9 overdue (due day 14), and the other 7 intake instruments.
        count = schedule.count_overdue(clients, self.cast.program, today=_day(20))
        self.assertEqual(count, 2 * 8)
