"""The assessments category of a Part 2 disclosure: submitted administrations with their scores
and bands, within the dates asked for; never drafts, discarded drafts or entries in error."""

from datetime import timedelta

from django.utils import timezone

from cairn.assessments.disclosure import assessments
from cairn.clients.models import Client
from cairn.consents.categories import Period
from cairn.consents.tests.factories import days_ago
from cairn.consents.tests.releases import release_text
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_diagnosis

PHQ9_MODERATE = {str(n): (2 if n <= 6 else 0) for n in range(1, 10)}  # total 12


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


class AssessmentsDisclosureTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client, by = cls.cast.client, cls.cast.clinician
        make_administration(client, "phq9", PHQ9_MODERATE, by=by, administered_at=_ago(3))
        make_administration(client, "gad7", by=by, administered_at=_ago(15))
        make_administration(client, "audit", by=by, status="draft")
        make_administration(
            client,
            "dast10",
            by=by,
            administered_at=_ago(2),
            status="entered_in_error",
            status_reason="Wrong client",
        )
        make_diagnosis(client, recorded_by=by, code="F41.1")

    def test_it_releases_submitted_scores_with_their_bands(self):
        words = release_text(self.cast, ["assessments"], allowed=["assessments", "diagnoses"])
        # The consent's own words name PHQ-9 and GAD-7: look for the scores.
        self.assertIn("PHQ-9 Follow-up 12 of 27 moderate", words)
        self.assertIn("GAD-7 Follow-up 0 of 21", words)
        self.assertNotIn("AUDIT", words)
        self.assertNotIn("DAST-10", words)
        self.assertNotIn("F41.1", words)

    def test_it_keeps_to_the_dates_asked_for(self):
        words = release_text(self.cast, ["assessments"], Period(days_ago(10), None))
        self.assertIn("12 of 27", words)
        self.assertNotIn("of 21", words)

    def test_it_shapes_records_as_scored_observations(self):
        content = assessments(self.cast.client, Period())
        self.assertEqual([r["resourceType"] for r in content.records], ["Observation"] * 2)
        phq9 = content.records[1]
        self.assertEqual(phq9["valueInteger"], 12)
        self.assertEqual(phq9["code"]["coding"][0]["code"], "44261-6")
        self.assertEqual(content.references, [r["id"] for r in content.records])

    def test_it_makes_one_query(self):
        client = Client.objects.select_related("program").get(pk=self.cast.client.pk)
        with self.assertNumQueries(1):
            assessments(client, Period())
