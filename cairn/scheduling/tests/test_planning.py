"""Weekly plans: solved in the background, reviewed, approved into sessions; re-planning keeps
the fixed sessions and cancels what the new plan drops; a changed week refuses approval."""

from datetime import time
from unittest import mock

import pytest
from django.test import TestCase
from django.utils import timezone

from cairn.scheduling import planning
from cairn.scheduling.building import build_instance, fingerprint
from cairn.scheduling.models import SchedulePlan, Session
from cairn.scheduling.reasons import explain
from cairn.scheduling.tests.world import MONDAY, at, build_world
from cairn.testing.cast import build_cast
from cairn.testing.sessions import make_session


def proposed_plan(program, director, sessions, now) -> SchedulePlan:
    built = build_instance(program, MONDAY, now=now)
    return SchedulePlan.objects.create(
        program=program,
        week_start=MONDAY,
        status=SchedulePlan.Status.PROPOSED,
        instance=built.doc,
        solution={
            "format": "cairn-schedule-solution/1",
            "status": "optimal",
            "sessions": sessions,
            "unmet": [],
        },
        fingerprint=built.fingerprint,
        created_by=director,
    )


class ApproveTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.world = build_world(cls.cast)
        cls.program = cls.cast.program
        cls.now = at(cls.program, -7, 0)

    def group_doc(self, slot="g-mon-0900-1030", clients=None):
        clients = clients or [self.cast.client, self.cast.other_client, self.world["extra"][0]]
        return {
            "kind": "group",
            "slot": slot,
            "room": f"r{self.world['group_room'].pk}",
            "staff": f"s{self.cast.clinician.pk}",
            "group_type": "process",
            "clients": [f"c{c.pk}" for c in clients],
        }

    def approve(self, plan):
        with mock.patch("cairn.scheduling.importing.timezone.now", return_value=self.now):
            return planning.approve_plan(plan, by=self.cast.director)

    def test_it_creates_the_plans_sessions_and_rosters(self):
        plan = proposed_plan(self.program, self.cast.director, [self.group_doc()], self.now)
        applied = self.approve(plan)
        self.assertEqual(applied.created, 1)
        session = Session.objects.get(plan=plan)
        self.assertEqual(session.starts_at, at(self.program, 0, 9))
        self.assertEqual(session.track, self.world["track"])
        self.assertEqual(session.participants.count(), 3)
        self.assertFalse(session.pinned)
        plan.refresh_from_db()
        self.assertEqual(plan.status, "approved")

    def test_it_keeps_matching_sessions_and_cancels_dropped_ones_on_re_planning(self):
        first = proposed_plan(
            self.program,
            self.cast.director,
            [self.group_doc(), self.group_doc("g-tue-0900-1030")],
            self.now,
        )
        self.approve(first)
        kept_clients = [self.cast.client, *self.world["extra"]]
        second = proposed_plan(
            self.program, self.cast.director, [self.group_doc(clients=kept_clients)], self.now
        )
        self.assertEqual(len(second.instance["previous"]["sessions"]), 2)
        applied = self.approve(second)
        self.assertEqual((applied.created, applied.kept, applied.cancelled), (0, 1, 1))
        monday = Session.objects.get(starts_at=at(self.program, 0, 9))
        active = set(
            monday.participants.filter(cancelled=False).values_list("client_id", flat=True)
        )
        self.assertEqual(active, {c.pk for c in kept_clients})
        self.assertEqual(Session.objects.get(starts_at=at(self.program, 1, 9)).status, "cancelled")

    def test_it_leaves_pinned_sessions_alone(self):
        held = make_session(
            self.program,
            self.cast.clinician,
            clients=[self.cast.client, self.cast.other_client, self.world["extra"][0]],
            day=MONDAY,
            start=time(9),
            hours=1.5,
            group_type=self.world["process"],
            room=self.world["group_room"],
            pinned=True,
        )
        plan = proposed_plan(self.program, self.cast.director, [self.group_doc()], self.now)
        self.assertEqual(plan.instance["pinned"], [self.group_doc()])
        applied = self.approve(plan)
        self.assertEqual((applied.created, applied.cancelled), (0, 0))
        self.assertEqual(Session.objects.count(), 1)
        self.assertEqual(Session.objects.get().pk, held.pk)

    def test_it_refuses_a_plan_when_the_week_changed_and_changes_nothing(self):
        plan = proposed_plan(self.program, self.cast.director, [self.group_doc()], self.now)
        make_session(self.program, self.cast.colleague, day=MONDAY, start=time(13), pinned=True)
        with self.assertRaisesMessage(planning.PlanError, "changed since this plan was made"):
            self.approve(plan)
        self.assertEqual(Session.objects.count(), 1)
        plan.refresh_from_db()
        self.assertEqual(plan.status, "proposed")

    def test_it_refuses_a_plan_twice(self):
        plan = proposed_plan(self.program, self.cast.director, [self.group_doc()], self.now)
        self.approve(plan)
        with self.assertRaisesMessage(planning.PlanError, "no longer waiting"):
            self.approve(plan)

    def test_it_supersedes_other_proposals_for_the_week(self):
        older = proposed_plan(self.program, self.cast.director, [], self.now)
        plan = proposed_plan(self.program, self.cast.director, [self.group_doc()], self.now)
        self.approve(plan)
        older.refresh_from_db()
        self.assertEqual(older.status, "superseded")

    def test_its_fingerprint_follows_every_change_to_the_week(self):
        week = self.world["week"]
        before = fingerprint(self.program, week)
        session = make_session(self.program, self.cast.colleague, day=MONDAY)
        after = fingerprint(self.program, week)
        Session.objects.filter(pk=session.pk).update(version=2)
        self.assertEqual(len({before, after, fingerprint(self.program, week)}), 3)


class ReasonsTest(TestCase):
    """Unmet requirements come with a plain-words reason."""

    def instance(self, **client):
        return {
            "slots": [
                {
                    "id": "g1",
                    "kind": "group",
                    "start": "2030-01-07T09:00",
                    "end": "2030-01-07T12:00",
                },
                {
                    "id": "g2",
                    "kind": "group",
                    "start": "2030-01-08T09:00",
                    "end": "2030-01-08T12:00",
                },
                {
                    "id": "i1",
                    "kind": "individual",
                    "start": "2030-01-07T13:00",
                    "end": "2030-01-07T14:00",
                },
            ],
            "group_types": [{"id": "yoga", "min_size": 3, "max_size": 9, "qualification": "yoga"}],
            "staff": [
                {
                    "id": "s1",
                    "qualifications": ["group", "individual"],
                    "max_hours": 30,
                    "unavailable": ["i1"],
                }
            ],
            "clients": [
                {"id": "c1", "clinician": "s1", "min_days": 3, "unavailable": [], **client}
            ],
        }

    def reasons(self, unmet, **client):
        solution = {"sessions": [], "unmet": [unmet]}
        return explain(
            self.instance(**client),
            solution,
            staff_names={"s1": "Carmen Ruiz"},
            type_names={"yoga": "Yoga"},
        )[0]["reason"]

    def test_it_says_how_few_days_the_client_is_available(self):
        reason = self.reasons(
            {"client": "c1", "requirement": "min_days", "needed": 3, "scheduled": 2}
        )
        self.assertEqual(reason, "available only 2 days when groups meet (needs 3)")

    def test_it_says_how_few_hours_the_client_is_available(self):
        reason = self.reasons(
            {"client": "c1", "requirement": "min_hours", "needed": 9, "scheduled": 3},
            unavailable=["g2"],
        )
        self.assertEqual(reason, "available for only 3 hours of group time (needs 9)")

    def test_it_says_when_client_and_clinician_are_never_free_together(self):
        reason = self.reasons(
            {"client": "c1", "requirement": "individual_sessions", "needed": 1, "scheduled": 0}
        )
        self.assertEqual(reason, "no hour when both they and Carmen Ruiz are free")

    def test_it_says_when_the_clinician_lacks_the_qualification(self):
        reason = self.reasons(
            {"client": "c1", "requirement": "family_sessions", "needed": 1, "scheduled": 0}
        )
        self.assertEqual(reason, "Carmen Ruiz is not set up for family sessions")

    def test_it_says_when_nobody_can_lead_a_required_group(self):
        unmet = {
            "client": "c1",
            "requirement": "required_group_types",
            "group_type": "yoga",
            "needed": 1,
            "scheduled": 0,
        }
        self.assertEqual(self.reasons(unmet), "no staff member is qualified to lead Yoga groups")


class RunPlanTest(TestCase):
    """The background task with the real optimizer (once the solver library is in the tree)."""

    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.world = build_world(cls.cast)
        cls.program = cls.cast.program

    def test_it_solves_the_week_and_explains_what_is_unmet(self):
        pytest.importorskip("cairn.scheduling.solver")
        with self.captureOnCommitCallbacks(execute=True):
            plan = planning.request_plan(self.program, MONDAY, by=self.cast.director)
        plan.refresh_from_db()
        self.assertEqual(plan.status, "proposed", plan.message)
        self.assertTrue(plan.solution["sessions"])
        self.assertIn("unmet", plan.report)
        self.assertIsNotNone(plan.finished_at)

    def test_it_records_a_failure_in_plain_words(self):
        pytest.importorskip("cairn.scheduling.solver")
        plan = SchedulePlan.objects.create(
            program=self.program, week_start=MONDAY, created_by=self.cast.director
        )
        with mock.patch(
            "cairn.scheduling.planning.build_instance", side_effect=RuntimeError("boom")
        ):
            planning.run_plan(plan.pk)
        plan.refresh_from_db()
        self.assertEqual(plan.status, "failed")
        self.assertIn("could not gather", plan.message)

    def test_it_runs_a_queued_plan_once(self):
        plan = SchedulePlan.objects.create(
            program=self.program,
            week_start=MONDAY,
            created_by=self.cast.director,
            status="approved",
        )
        self.assertEqual(planning.run_plan(plan.pk).status, "approved")
        self.assertLess(plan.created_at, timezone.now())
