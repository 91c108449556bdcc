"""The diagnoses and discharge-summary categories of a Part 2 disclosure: what each holds,
within the dates asked for, never rows entered in error, nothing of other categories."""

from datetime import timedelta

from django.utils import timezone

from cairn.clients.disclosure import diagnoses, discharge_summary
from cairn.clients.models import AftercareItem, Client, Diagnosis, Episode
from cairn.consents.categories import Period
from cairn.consents.tests.factories import days_ago
from cairn.consents.tests.releases import release_text
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_diagnosis, make_episode


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


class DiagnosesDisclosureTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client, by = cls.cast.client, cls.cast.clinician
        make_diagnosis(client, recorded_by=by, code="F10.20", rank="primary", recorded_at=_ago(30))
        make_diagnosis(
            client,
            recorded_by=by,
            code="F41.1",
            status=Diagnosis.Status.RESOLVED,
            recorded_at=_ago(60),
            updated_at=_ago(40),
        )
        make_diagnosis(
            client, recorded_by=by, code="F32.1", status=Diagnosis.Status.ERROR, recorded_at=_ago(5)
        )

    def test_it_releases_current_and_past_diagnoses_never_those_entered_in_error(self):
        words = release_text(self.cast, ["diagnoses"], allowed=["diagnoses", "discharge_summary"])
        self.assertIn("F10.20", words)
        self.assertIn("Alcohol dependence, uncomplicated", words)
        self.assertIn("F41.1", words)
        self.assertIn("Resolved", words)
        self.assertNotIn("F32.1", words)

    def test_it_keeps_to_the_dates_asked_for(self):
        words = release_text(self.cast, ["diagnoses"], Period(days_ago(20), None))
        self.assertIn("F10.20", words)
        self.assertNotIn("F41.1", words)

    def test_it_shapes_records_as_coded_conditions(self):
        content = diagnoses(self.cast.client, Period())
        self.assertEqual([r["resourceType"] for r in content.records], ["Condition"] * 2)
        coding = content.records[0]["code"]["coding"][0]
        self.assertEqual(coding["system"], "http://hl7.org/fhir/sid/icd-10-cm")
        self.assertEqual(coding["code"], "F10.20")
        self.assertEqual(content.records[1]["clinicalStatus"], "resolved")
        self.assertEqual(content.references, [r["id"] for r in content.records])

    def test_it_makes_one_query(self):
        client = Client.objects.select_related("program").get(pk=self.cast.client.pk)
        with self.assertNumQueries(1):
            diagnoses(client, Period())


class DischargeSummaryDisclosureTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client = cls.cast.client
        cls.earlier = make_episode(
            client,
            admitted_on=days_ago(200),
            discharged_on=days_ago(150),
            status=Episode.Status.DISCHARGED,
            discharge_type="completed",
            discharge_summary="DISCHARGE-SUMMARY-TEXT: finished the program sober.",
            discharged_by=cls.cast.clinician,
        )
        AftercareItem.objects.create(
            episode=cls.earlier,
            kind="twelve_step",
            description="AA home group",
            details="Tuesdays 7 pm, St. Mark's",
        )
        make_diagnosis(client, recorded_by=cls.cast.clinician, code="F10.20")

    def test_it_releases_the_summary_and_the_aftercare_plan(self):
        words = release_text(
            self.cast, ["discharge_summary"], allowed=["discharge_summary", "diagnoses"]
        )
        self.assertIn("DISCHARGE-SUMMARY-TEXT", words)
        self.assertIn("Completed the program", words)
        self.assertIn("AA home group", words)
        self.assertIn("Tuesdays 7 pm", words)
        self.assertNotIn("F10.20", words)

    def test_it_keeps_to_the_dates_asked_for(self):
        words = release_text(self.cast, ["discharge_summary"], Period(days_ago(100), None))
        self.assertNotIn("DISCHARGE-SUMMARY-TEXT", words)
        words = release_text(self.cast, ["discharge_summary"], Period(days_ago(160), days_ago(140)))
        self.assertIn("DISCHARGE-SUMMARY-TEXT", words)

    def test_it_leaves_out_the_active_episode(self):
        content = discharge_summary(self.cast.client, Period())
        self.assertEqual(content.references, [f"clients.episode:{self.earlier.pk}"])
        record = content.records[0]
        self.assertEqual(record["resourceType"], "Composition")
        self.assertEqual(record["aftercare"][0]["description"], "AA home group")

    def test_it_makes_a_fixed_number_of_queries(self):
        client = Client.objects.select_related("program").get(pk=self.cast.client.pk)
        with self.assertNumQueries(2):
            discharge_summary(client, Period())
