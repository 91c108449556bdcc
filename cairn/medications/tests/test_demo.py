"""The demo data (issue 10, point 6): medications with buprenorphine and naltrexone, weekly
screens with a few unexpected positives, all readable through the models."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from cairn.medications.models import DrugScreen, Medication, RecoveryDate, ScreenResult
from cairn.worklist.models import Alert


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", "--clients", "120", "--weeks", "4", stdout=StringIO())

    def test_it_puts_some_clients_on_buprenorphine_or_naltrexone(self):
        keys = set(Medication.objects.filter(is_mat=True).values_list("catalog_key", flat=True))
        self.assertTrue({"buprenorphine-naloxone", "naltrexone"} <= keys)

    def test_it_screens_weekly_with_a_few_unexpected_positives(self):
        screens = DrugScreen.objects.count()
        unexpected = DrugScreen.objects.filter(results__classification="unexpected").distinct()
        self.assertGreater(screens, 120)
        self.assertTrue(0 < unexpected.count() < screens / 5)

    def test_it_marks_prescribed_buprenorphine_expected(self):
        row = ScreenResult.objects.filter(analyte="buprenorphine", result="positive").first()
        self.assertEqual(row.classification, "expected")
        self.assertIn("Buprenorphine", row.explained_by)

    def test_it_writes_results_the_models_read_back(self):
        confirmed = ScreenResult.objects.filter(classified_at__isnull=False).first()
        self.assertIsNotNone(confirmed.classified_at.tzinfo)
        self.assertEqual(confirmed.classified_by, confirmed.screen.recorded_by)

    def test_it_flags_only_recent_unexpected_positives(self):
        for alert in Alert.objects.filter(kind="drug_screen"):
            self.assertIn("Unexpected positive drug screen", alert.message)
        self.assertTrue(RecoveryDate.objects.exists())
