"""The treatment-plan category of a Part 2 disclosure: signed versions only, each within the
dates it was in force, nothing of other categories."""

from django.utils import timezone

from cairn.clients.models import Client
from cairn.consents.categories import Period
from cairn.consents.tests.factories import days_ago
from cairn.consents.tests.releases import release_text
from cairn.plans.disclosure import treatment_plan
from cairn.plans.models import TreatmentPlanVersion, VersionStatus
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_diagnosis
from cairn.testing.plans import add_goal, make_treatment_plan


def _next_version(previous, *, by, number, plan_date, title, signed):
    version = TreatmentPlanVersion.objects.create(
        plan=previous.plan, number=number, created_by=by, plan_date=plan_date
    )
    add_goal(version, by=by, title=title)
    if signed:
        now = timezone.now()
        TreatmentPlanVersion.objects.filter(pk=previous.pk).update(
            status=VersionStatus.SUPERSEDED, superseded_at=now
        )
        version.clinician_signed_at = now
        version.clinician_signed_by = by
        version.status = VersionStatus.ACTIVE
        version.save()
    return version


class TreatmentPlanDisclosureTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        by = cls.cast.clinician
        first = make_treatment_plan(
            cls.cast.client, by=by, plan_date=days_ago(18), signed=True, client_signed=True
        )
        second = _next_version(
            first, by=by, number=2, plan_date=days_ago(5), title="SECOND-PROBLEM", signed=True
        )
        _next_version(
            second, by=by, number=3, plan_date=days_ago(0), title="DRAFT-PROBLEM", signed=False
        )
        make_diagnosis(cls.cast.client, recorded_by=by, code="F41.1")

    def test_it_releases_signed_versions_never_drafts(self):
        words = release_text(self.cast, ["treatment_plan"], allowed=["treatment_plan", "diagnoses"])
        self.assertIn("Treatment plan version 1", words)
        self.assertIn("Alcohol use", words)
        self.assertIn("I want to stop drinking.", words)
        self.assertIn("Objective 1: attend two meetings a week", words)
        self.assertIn("SECOND-PROBLEM", words)
        self.assertNotIn("DRAFT-PROBLEM", words)
        self.assertNotIn("F41.1", words)

    def test_it_keeps_to_the_dates_each_version_was_in_force(self):
        recent = release_text(self.cast, ["treatment_plan"], Period(days_ago(3), None))
        self.assertIn("SECOND-PROBLEM", recent)
        self.assertNotIn("Treatment plan version 1", recent)
        earlier = release_text(self.cast, ["treatment_plan"], Period(days_ago(18), days_ago(10)))
        self.assertIn("Treatment plan version 1", earlier)
        self.assertNotIn("SECOND-PROBLEM", earlier)

    def test_it_shapes_each_version_as_a_care_plan_with_its_goals(self):
        content = treatment_plan(self.cast.client, Period())
        self.assertEqual([r["resourceType"] for r in content.records], ["CarePlan"] * 2)
        first = content.records[0]
        self.assertEqual(first["status"], "superseded")
        self.assertEqual(first["period"], {"start": str(days_ago(18)), "end": str(days_ago(6))})
        goal = first["goal"][0]
        self.assertEqual(goal["addresses"]["problem"], "Alcohol use")
        self.assertEqual(len(goal["objectives"]), 2)
        self.assertEqual(goal["interventions"][0]["modality"], "cbt")
        self.assertEqual(content.references, [r["id"] for r in content.records])

    def test_it_makes_a_fixed_number_of_queries(self):
        client = Client.objects.select_related("program").get(pk=self.cast.client.pk)
        with self.assertNumQueries(6):
            treatment_plan(client, Period())
