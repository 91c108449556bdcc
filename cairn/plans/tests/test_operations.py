"""Writing, signing, reviewing and versioning plans: the operations (issue 9, points 1, 2, 4;
bad input: refused with a message, nothing changed)."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.plans import drafting, reviewing, rp_drafting, signing
from cairn.plans.documents import content_hash, rows_for
from cairn.plans.models import (
    EditConflict,
    Goal,
    Intervention,
    Objective,
    ObjectiveProgress,
    PlanLocked,
    PlanRefused,
    Problem,
    RelapsePreventionVersion,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.testing.cast import build_cast
from cairn.testing.factories import PASSWORD
from cairn.testing.plans import make_relapse_plan, make_treatment_plan


def _counts():
    return [
        m.objects.count() for m in (TreatmentPlanVersion, Problem, Goal, Objective, Intervention)
    ]


class DraftingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.episode = cls.cast.client.episodes.get()

    def setUp(self):
        self.version = drafting.start_treatment_plan(self.episode, by=self.cast.clinician)

    def test_it_starts_a_plan_with_an_empty_draft_and_audits_it(self):
        self.assertEqual((self.version.number, self.version.status), (1, VersionStatus.DRAFT))
        self.assertTrue(AuditEvent.objects.filter(action="treatment_plan.start").exists())

    def test_it_refuses_a_second_plan_for_the_episode(self):
        with self.assertRaisesMessage(PlanRefused, "already has a treatment plan"):
            drafting.start_treatment_plan(self.episode, by=self.cast.clinician)

    def test_it_adds_a_library_problem_with_goal_objectives_and_interventions(self):
        problem = drafting.add_from_library(
            self.version, "alcohol_use", by=self.cast.clinician, revision=1
        )
        goal = problem.goals.get()
        self.assertEqual(goal.objectives.count(), 3)
        self.assertEqual(goal.interventions.count(), 2)
        self.assertEqual(problem.asam_dimensions, [1, 5])
        first = goal.objectives.order_by("position").first()
        self.assertEqual(first.target_date, self.version.plan_date + timedelta(days=30))

    def test_it_refuses_an_unknown_library_problem(self):
        with self.assertRaises(PlanRefused):
            drafting.add_from_library(self.version, "nope", by=self.cast.clinician, revision=1)

    def test_it_refuses_a_target_date_before_the_plan_date_and_changes_nothing(self):
        problem = drafting.add_from_library(
            self.version, "anxiety", by=self.cast.clinician, revision=1
        )
        before = _counts()
        objective = Objective(
            version=self.version,
            goal=problem.goals.get(),
            text="Too early",
            target_date=self.version.plan_date - timedelta(days=1),
        )
        with self.assertRaises(PlanRefused) as refused:
            drafting.save_item(self.version, objective, by=self.cast.clinician, revision=2)
        self.assertEqual(refused.exception.field, "target_date")
        self.assertIn("before the plan date", refused.exception.message)
        self.assertEqual(_counts(), before)

    def test_it_refuses_an_objective_without_a_goal(self):
        before = _counts()
        objective = Objective(
            version=self.version, text="No goal", target_date=timezone.localdate()
        )
        with self.assertRaises(PlanRefused) as refused:
            drafting.save_item(self.version, objective, by=self.cast.clinician, revision=1)
        self.assertEqual(refused.exception.field, "goal")
        self.assertEqual(_counts(), before)

    def test_it_refuses_moving_the_plan_date_after_an_objective_target(self):
        drafting.add_from_library(self.version, "anxiety", by=self.cast.clinician, revision=1)
        with self.assertRaises(PlanRefused) as refused:
            drafting.update_details(
                self.version,
                by=self.cast.clinician,
                revision=2,
                plan_date=self.version.plan_date + timedelta(days=200),
                strengths="",
                discharge_criteria="",
            )
        self.assertEqual(refused.exception.field, "plan_date")

    def test_it_refuses_a_stale_revision(self):
        drafting.add_from_library(self.version, "anxiety", by=self.cast.clinician, revision=1)
        before = _counts()
        with self.assertRaises(EditConflict):
            drafting.add_from_library(self.version, "trauma", by=self.cast.clinician, revision=1)
        self.assertEqual(_counts(), before)

    def test_it_removes_a_goal_with_its_objectives_and_interventions_from_a_draft(self):
        problem = drafting.add_from_library(
            self.version, "anxiety", by=self.cast.clinician, revision=1
        )
        drafting.remove_item(self.version, problem.goals.get(), by=self.cast.clinician, revision=2)
        self.assertEqual((Goal.objects.count(), Objective.objects.count()), (0, 0))
        self.assertTrue(Problem.objects.filter(pk=problem.pk).exists())


class SigningTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def _sign(self, version, password=PASSWORD):
        return signing.sign_by_clinician(version, by=self.cast.clinician, password=password)

    def test_it_refuses_signing_a_plan_with_no_goals(self):
        version = drafting.start_treatment_plan(
            self.cast.client.episodes.get(), by=self.cast.clinician
        )
        with self.assertRaisesMessage(PlanRefused, "no goals"):
            self._sign(version)
        version.refresh_from_db()
        self.assertEqual((version.status, version.clinician_signed_at), ("draft", None))

    def test_it_refuses_a_wrong_password_and_audits_the_attempt(self):
        version = make_treatment_plan(self.cast.client, by=self.cast.clinician)
        with self.assertRaises(PlanRefused) as refused:
            self._sign(version, "wrong")
        self.assertEqual(refused.exception.field, "password")
        version.refresh_from_db()
        self.assertIsNone(version.clinician_signed_at)
        self.assertTrue(
            AuditEvent.objects.filter(action="treatment_plan.sign", outcome="denied").exists()
        )

    def test_it_signs_stores_the_hash_and_restarts_the_review_clock(self):
        version = make_treatment_plan(self.cast.client, by=self.cast.clinician)
        signed = self._sign(version)
        self.assertEqual(signed.status, VersionStatus.AWAITING_CLIENT)
        self.assertEqual(signed.content_hash, content_hash(rows_for(signed), signed.plan_date))
        self.assertEqual(signed.plan.last_signed_on, signed.plan_date)
        with self.assertRaises(PlanLocked):
            self._sign(signed)

    def test_it_refuses_editing_a_signed_version_and_changes_nothing(self):
        version = self._sign(make_treatment_plan(self.cast.client, by=self.cast.clinician))
        before = _counts()
        with self.assertRaises(PlanLocked):
            drafting.add_from_library(version, "anxiety", by=self.cast.clinician, revision=None)
        goal = Goal.objects.get(version=version)
        goal.statement = "changed"
        with self.assertRaises(PlanLocked):
            drafting.save_item(version, goal, by=self.cast.clinician, revision=version.revision)
        self.assertEqual(_counts(), before)
        self.assertEqual(Goal.objects.get(pk=goal.pk).statement, "I want to stop drinking.")

    def test_the_client_signature_activates_and_supersedes_the_previous(self):
        first = make_treatment_plan(self.cast.client, by=self.cast.clinician, client_signed=True)
        second = drafting.new_version(first.plan, by=self.cast.clinician)
        self._sign(second)
        second = signing.sign_by_client(
            second, typed_name="Robin Castillo", agreed=True, witness=self.cast.clinician
        )
        first.refresh_from_db()
        self.assertEqual((first.status, second.status), ("superseded", "active"))
        self.assertEqual(second.client_signature_witness, self.cast.clinician)

    def test_the_client_must_type_a_name_and_agree(self):
        version = self._sign(make_treatment_plan(self.cast.client, by=self.cast.clinician))
        for name, agreed, field in (("", True, "typed_name"), ("Robin", False, "agreed")):
            with self.subTest(field=field), self.assertRaises(PlanRefused) as refused:
                signing.sign_by_client(
                    version, typed_name=name, agreed=agreed, witness=self.cast.clinician
                )
            self.assertEqual(refused.exception.field, field)
        version.refresh_from_db()
        self.assertIsNone(version.client_signed_at)

    def test_only_the_client_signs_in_the_portal(self):
        version = self._sign(make_treatment_plan(self.cast.client, by=self.cast.clinician))
        with self.assertRaises(PlanRefused):
            signing.sign_by_client(
                version,
                typed_name="Sasha",
                agreed=True,
                method="portal",
                portal_user=self.cast.other_portal,
            )
        signed = signing.sign_by_client(
            version, typed_name="Robin", agreed=True, method="portal", portal_user=self.cast.portal
        )
        self.assertEqual(
            (signed.status, signed.client_signature_user), ("active", self.cast.portal)
        )


class VersioningTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def test_a_new_version_copies_the_content_and_keeps_each_items_key(self):
        first = make_treatment_plan(self.cast.client, by=self.cast.clinician, client_signed=True)
        second = drafting.new_version(first.plan, by=self.cast.clinician)
        self.assertEqual(second.number, 2)
        old = sorted(Objective.objects.filter(version=first).values_list("key", "text"))
        new = sorted(Objective.objects.filter(version=second).values_list("key", "text"))
        self.assertEqual(old, new)
        with self.assertRaisesMessage(PlanRefused, "already has a version in progress"):
            drafting.new_version(first.plan, by=self.cast.clinician)

    def test_a_review_rates_each_objective_and_creates_the_next_version(self):
        first = make_treatment_plan(self.cast.client, by=self.cast.clinician, client_signed=True)
        met, going = Objective.objects.filter(version=first).order_by("position")
        version = reviewing.record_review(
            first.plan,
            by=self.cast.clinician,
            ratings={met.pk: ("met", "Done"), going.pk: ("progressing", "")},
            summary="Doing well.",
        )
        self.assertEqual((version.number, version.review_of, version.status), (2, first, "draft"))
        ratings = dict(
            ObjectiveProgress.objects.filter(version=version).values_list("objective_id", "rating")
        )
        self.assertEqual(ratings, {met.pk: "met", going.pk: "progressing"})
        copied = {o.key: o for o in Objective.objects.filter(version=version)}
        self.assertEqual(copied[met.key].met_on, timezone.localdate())
        self.assertIsNone(copied[going.key].met_on)

    def test_a_review_needs_a_rating_for_every_objective(self):
        first = make_treatment_plan(self.cast.client, by=self.cast.clinician, client_signed=True)
        one = Objective.objects.filter(version=first).first()
        with self.assertRaises(PlanRefused):
            reviewing.record_review(
                first.plan, by=self.cast.clinician, ratings={one.pk: ("met", "")}, summary="x"
            )
        self.assertEqual(TreatmentPlanVersion.objects.filter(plan=first.plan).count(), 1)

    def test_a_review_needs_an_active_plan(self):
        draft = make_treatment_plan(self.cast.client, by=self.cast.clinician)
        with self.assertRaises(PlanRefused):
            reviewing.record_review(draft.plan, by=self.cast.clinician, ratings={}, summary="x")


class RelapseDraftingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.cast.program.phone = "(555) 010-4400"
        cls.cast.program.save()

    def test_a_first_draft_lists_988_and_the_program_phone(self):
        version = rp_drafting.open_relapse_draft(self.cast.client, by=self.cast.clinician)
        phones = [line["phone"] for line in version.crisis_lines]
        self.assertIn("988", phones)
        self.assertIn("(555) 010-4400", phones)

    def test_opening_again_returns_the_same_draft(self):
        first = rp_drafting.open_relapse_draft(self.cast.client, by=self.cast.clinician)
        again = rp_drafting.open_relapse_draft(self.cast.client, by=self.cast.clinician)
        self.assertEqual(first.pk, again.pk)

    def test_a_new_version_starts_from_the_signed_one(self):
        signed = make_relapse_plan(self.cast.client, by=self.cast.clinician, client_signed=True)
        draft = rp_drafting.open_relapse_draft(self.cast.client, by=self.cast.clinician)
        self.assertEqual(draft.number, 2)
        self.assertEqual(draft.triggers_places, signed.triggers_places)

    def test_it_refuses_a_plan_without_988(self):
        version = rp_drafting.open_relapse_draft(self.cast.client, by=self.cast.clinician)
        with self.assertRaisesMessage(PlanRefused, "988"):
            rp_drafting.save_relapse_draft(
                version, by=self.cast.clinician, revision=1, content={"crisis_lines": []}
            )

    def test_it_refuses_signing_without_triggers(self):
        version = make_relapse_plan(
            self.cast.client,
            by=self.cast.clinician,
            triggers_people=[],
            triggers_places=[],
            triggers_feelings=[],
            triggers_times=[],
        )
        with self.assertRaisesMessage(PlanRefused, "trigger"):
            signing.sign_by_clinician(version, by=self.cast.clinician, password=PASSWORD)

    def test_it_refuses_saving_a_signed_version(self):
        version = make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=True)
        with self.assertRaises(PlanLocked):
            rp_drafting.save_relapse_draft(
                version,
                by=self.cast.clinician,
                revision=version.revision,
                content={"reasons": ["x"]},
            )
        self.assertEqual(
            RelapsePreventionVersion.objects.get(pk=version.pk).reasons, ["My daughter"]
        )
