"""The demo gives active clients plans at realistic stages (issue 9, point 7)."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from cairn.plans.documents import content_hash, rows_for
from cairn.plans.models import (
    ObjectiveProgress,
    RelapsePreventionVersion,
    TreatmentPlan,
    TreatmentPlanVersion,
)


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", "--clients", "60", "--weeks", "12", stdout=StringIO())

    def test_it_gives_every_episode_a_treatment_plan_at_some_stage(self):
        statuses = set(TreatmentPlanVersion.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"draft", "awaiting_client", "active", "superseded"})
        self.assertTrue(ObjectiveProgress.objects.exists())
        self.assertTrue(TreatmentPlan.objects.filter(episode__status="active").exists())

    def test_it_gives_most_clients_a_relapse_prevention_plan(self):
        statuses = set(RelapsePreventionVersion.objects.values_list("status", flat=True))
        self.assertLessEqual({"draft", "active"}, statuses)

    def test_signed_versions_carry_the_hash_of_their_content(self):
        signed = [
            *TreatmentPlanVersion.objects.filter(clinician_signed_at__isnull=False)[:40],
            *RelapsePreventionVersion.objects.filter(clinician_signed_at__isnull=False)[:20],
        ]
        for version in signed:
            with self.subTest(version=version.pk):
                self.assertEqual(
                    version.content_hash, content_hash(rows_for(version), version.plan_date)
                )
