"""Signed versions are immutable (issue 9, point 2; DESIGN.md principle 2): in the model layer
everywhere, and in the database itself on PostgreSQL."""

from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.test import TestCase

from cairn.plans.models import (
    Goal,
    Intervention,
    Objective,
    ObjectiveProgress,
    PlanLocked,
    Problem,
    RelapsePreventionVersion,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.testing.cast import build_cast
from cairn.testing.plans import make_relapse_plan, make_treatment_plan


class Base(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.version = make_treatment_plan(cls.cast.client, by=cls.cast.clinician, signed=True)
        cls.rp = make_relapse_plan(cls.cast.client, by=cls.cast.clinician, signed=True)
        cls.objective = Objective.objects.filter(version=cls.version).first()


class ModelLayerTest(Base):
    def test_it_refuses_changing_a_signed_treatment_version(self):
        version = TreatmentPlanVersion.objects.get(pk=self.version.pk)
        version.strengths = "changed"
        with self.assertRaises(PlanLocked):
            version.save()
        self.assertEqual(
            TreatmentPlanVersion.objects.get(pk=version.pk).strengths, "Supportive sister"
        )

    def test_it_refuses_changing_a_signed_relapse_version(self):
        version = RelapsePreventionVersion.objects.get(pk=self.rp.pk)
        version.triggers_places = ["somewhere else"]
        with self.assertRaises(PlanLocked):
            version.save()
        self.assertEqual(
            RelapsePreventionVersion.objects.get(pk=version.pk).triggers_places,
            ["The Anchor Bar on 5th"],
        )

    def test_it_refuses_deleting_signed_versions(self):
        for model, pk in (
            (TreatmentPlanVersion, self.version.pk),
            (RelapsePreventionVersion, self.rp.pk),
        ):
            with self.subTest(model=model.__name__):
                with self.assertRaises(PlanLocked):
                    model.objects.get(pk=pk).delete()
                with self.assertRaises(PlanLocked):
                    model.objects.filter(pk=pk).delete()
                self.assertTrue(model.objects.filter(pk=pk).exists())

    def test_it_refuses_queryset_updates_of_content_columns(self):
        for model, pk, field in (
            (TreatmentPlanVersion, self.version.pk, "strengths"),
            (RelapsePreventionVersion, self.rp.pk, "reasons"),
        ):
            with self.subTest(model=model.__name__), self.assertRaises(PlanLocked):
                model.objects.filter(pk=pk).update(
                    **{field: "x" if field == "strengths" else ["x"]}
                )

    def test_it_refuses_bulk_updates_of_content_columns(self):
        version = TreatmentPlanVersion.objects.get(pk=self.version.pk)
        version.discharge_criteria = "changed"
        with self.assertRaises(PlanLocked):
            TreatmentPlanVersion.objects.bulk_update([version], ["discharge_criteria"])

    def test_it_accepts_the_client_signature_once(self):
        version = TreatmentPlanVersion.objects.get(pk=self.version.pk)
        version.client_signature_name = "Robin Castillo"
        version.status = VersionStatus.ACTIVE
        version.save()
        version.client_signed_at = version.clinician_signed_at
        version.save()
        version.client_signature_name = "Someone else"
        with self.assertRaises(PlanLocked):
            version.save()

    def test_it_refuses_changing_content_rows_of_a_signed_version(self):
        for model in (Problem, Goal, Objective, Intervention):
            row = model.objects.filter(version=self.version).first()
            with self.subTest(model=model.__name__):
                with self.assertRaises(PlanLocked):
                    row.save()
                with self.assertRaises(PlanLocked):
                    row.delete()
                with self.assertRaises(PlanLocked):
                    model.objects.filter(pk=row.pk).update(position=9)
                with self.assertRaises(PlanLocked):
                    model.objects.filter(pk=row.pk).delete()
                with self.assertRaises(PlanLocked):
                    model.objects.bulk_update([row], ["position"])

    def test_it_refuses_adding_content_to_a_signed_version(self):
        goal = Goal.objects.get(version=self.version)
        with self.assertRaises(PlanLocked):
            Objective.objects.create(
                version=self.version, goal=goal, text="new", target_date=self.version.plan_date
            )
        with self.assertRaises(PlanLocked):
            Objective.objects.bulk_create(
                [
                    Objective(
                        version=self.version,
                        goal=goal,
                        text="new",
                        target_date=self.version.plan_date,
                    )
                ]
            )
        with self.assertRaises(PlanLocked):
            ObjectiveProgress.objects.create(
                version=self.version, objective=self.objective, rating="met"
            )
        self.assertEqual(Objective.objects.filter(version=self.version).count(), 2)

    def test_it_refuses_moving_a_draft_row_into_a_signed_version(self):
        draft = make_treatment_plan(self.cast.other_client, by=self.cast.clinician)
        row = Objective.objects.filter(version=draft).first()
        with self.assertRaises(PlanLocked):
            Objective.objects.filter(pk=row.pk).update(version=self.version)

    def test_it_lets_drafts_change(self):
        draft = make_treatment_plan(self.cast.other_client, by=self.cast.clinician)
        draft.strengths = "new strengths"
        draft.save()
        row = Objective.objects.filter(version=draft).first()
        row.target_date += timedelta(days=3)
        row.save()
        Objective.objects.filter(pk=row.pk).delete()
        self.assertEqual(Objective.objects.filter(version=draft).count(), 1)


def _raw(sql: str, params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


class DatabaseTriggerTest(Base):
    """On PostgreSQL the database refuses, whatever the code path (raw SQL included)."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("the immutability triggers exist on PostgreSQL only")

    def test_it_refuses_raw_changes_to_signed_versions(self):
        statements = [
            (
                "UPDATE plans_treatmentplanversion SET strengths = 'x' WHERE id = %s",
                self.version.pk,
            ),
            (
                "UPDATE plans_treatmentplanversion SET plan_date = plan_date - 1 WHERE id = %s",
                self.version.pk,
            ),
            ("DELETE FROM plans_treatmentplanversion WHERE id = %s", self.version.pk),
            (
                "UPDATE plans_relapsepreventionversion SET red_steps = '[]' WHERE id = %s",
                self.rp.pk,
            ),
            ("DELETE FROM plans_relapsepreventionversion WHERE id = %s", self.rp.pk),
        ]
        for sql, pk in statements:
            with self.subTest(sql=sql), self.assertRaises(DatabaseError):
                _raw(sql, [pk])
        self.assertEqual(
            TreatmentPlanVersion.objects.get(pk=self.version.pk).strengths, "Supportive sister"
        )

    def test_it_refuses_raw_changes_to_content_of_signed_versions(self):
        for table, model in (
            ("plans_problem", Problem),
            ("plans_goal", Goal),
            ("plans_objective", Objective),
            ("plans_intervention", Intervention),
        ):
            pk = model.objects.filter(version=self.version).first().pk
            for sql in (
                f"UPDATE {table} SET position = 7 WHERE id = %s",  # noqa: S608 — fixed table names
                f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
            ):
                with self.subTest(sql=sql), self.assertRaises(DatabaseError):
                    _raw(sql, [pk])

    def test_it_refuses_raw_inserts_into_signed_versions(self):
        goal = Goal.objects.get(version=self.version)
        with self.assertRaises(DatabaseError):
            _raw(
                "INSERT INTO plans_objective (key, position, version_id, goal_id, text, measure, "
                "target_date) VALUES (gen_random_uuid(), 5, %s, %s, 'x', '', CURRENT_DATE)",
                [self.version.pk, goal.pk],
            )
        self.assertEqual(Objective.objects.filter(version=self.version).count(), 2)

    def test_it_accepts_the_lifecycle_and_the_client_signature(self):
        _raw(
            "UPDATE plans_treatmentplanversion SET status = 'active', client_signed_at = now(), "
            "client_signature_name = 'Robin' WHERE id = %s",
            [self.version.pk],
        )
        with self.assertRaises(DatabaseError):
            _raw(
                "UPDATE plans_treatmentplanversion SET client_signature_name = 'X' WHERE id = %s",
                [self.version.pk],
            )
        _raw(
            "UPDATE plans_treatmentplanversion SET status = 'superseded', superseded_at = now() "
            "WHERE id = %s",
            [self.version.pk],
        )
        self.assertEqual(TreatmentPlanVersion.objects.get(pk=self.version.pk).status, "superseded")

    def test_it_lets_drafts_change_in_the_database(self):
        draft = make_treatment_plan(self.cast.other_client, by=self.cast.clinician)
        _raw("UPDATE plans_treatmentplanversion SET strengths = 'x' WHERE id = %s", [draft.pk])
        _raw("DELETE FROM plans_intervention WHERE version_id = %s", [draft.pk])
        self.assertFalse(Intervention.objects.filter(version=draft).exists())
