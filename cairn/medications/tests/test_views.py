"""The pages: what they show, what they save, how they refuse bad input, and their query
counts (which must not grow with the data)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cairn.medications.models import AdherenceCheck, Allergy, DrugScreen, Medication, RecoveryDate
from cairn.medications.tests.factories import (
    PANEL_12,
    days_ago,
    make_medication,
    make_recovery,
    make_screen,
)
from cairn.testing.cases import CastTestCase
from cairn.worklist.models import Alert


def screen_post(**overrides) -> dict:
    data = {
        "panel": "urine_cup_12",
        "collected_on": days_ago(0).isoformat(),
        "method": "urine_cup",
        "observed": "yes",
        **{f"result_{code}": "negative" for code in PANEL_12},
    }
    data.update(overrides)
    return data


def medication_post(**overrides) -> dict:
    data = {
        "name": "Sertraline 50 mg tablet — Zoloft",
        "dose": "1 tablet",
        "frequency": "once daily",
        "outside_prescriber": "Dr. Lee",
        "start_date": days_ago(3).isoformat(),
        "reason": "co_occurring",
        "reason_detail": "depression",
    }
    data.update(overrides)
    return data


class RecordScreenPageTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse("medications:screen_record", args=[self.cast.client.pk])

    def test_it_shows_one_question_per_substance_of_the_panel(self):
        response = self.client.get(self.url, {"panel": "oral_fluid_10"})
        self.assertContains(response, 'name="result_', count=10 * 3)
        self.assertContains(response, "Oral fluid, 10-panel")

    def test_it_records_a_screen_and_shows_it(self):
        make_medication(self.cast.client, self.cast.prescriber)
        response = self.client.post(
            self.url, screen_post(result_buprenorphine="positive", result_cocaine="positive")
        )
        screen = DrugScreen.objects.get()
        self.assertRedirects(response, reverse("medications:screen", args=[screen.pk]))
        page = self.client.get(response["Location"])
        self.assertContains(page, "Explained by: Buprenorphine/naloxone 8 mg/2 mg sublingual film")
        self.assertContains(page, "No prescription explains it.")
        self.assertEqual(Alert.objects.filter(kind="drug_screen").count(), 1)

    def test_it_refuses_a_future_date_with_a_message_and_saves_nothing(self):
        response = self.client.post(self.url, screen_post(collected_on=days_ago(-1).isoformat()))
        self.assertContains(response, "The collection date is in the future.", status_code=400)
        self.assertFalse(DrugScreen.objects.exists())

    def test_it_refuses_an_unknown_result_with_a_message_and_saves_nothing(self):
        response = self.client.post(self.url, screen_post(result_cocaine="maybe"))
        self.assertContains(response, "is not a result", status_code=400)
        self.assertFalse(DrugScreen.objects.exists())

    def test_it_refuses_an_unanswered_substance(self):
        data = screen_post()
        del data["result_thc"]
        response = self.client.post(self.url, data)
        self.assertContains(response, "Pick negative, positive or invalid.", status_code=400)
        self.assertFalse(DrugScreen.objects.exists())


class ClassifyPageTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.screen = make_screen(
            self.cast.client, self.cast.clinician, {"benzodiazepines": ("positive", "unexpected")}
        )
        self.row = self.screen.results.get()
        self.url = reverse("medications:classify", args=[self.row.pk])
        self.prefix = f"r{self.row.pk}"

    def test_it_changes_a_classification_with_a_reason(self):
        response = self.client.post(
            self.url,
            {
                f"{self.prefix}-classification": "expected",
                f"{self.prefix}-reason": "Prescribed by the ER on Mar 2",
                f"{self.prefix}-version": 1,
            },
        )
        self.assertRedirects(response, reverse("medications:screen", args=[self.screen.pk]))
        self.row.refresh_from_db()
        self.assertEqual(
            (self.row.classification, self.row.classified_by), ("expected", self.cast.clinician)
        )

    def test_it_refuses_a_change_without_a_reason(self):
        response = self.client.post(
            self.url, {f"{self.prefix}-classification": "expected", f"{self.prefix}-version": 1}
        )
        self.assertContains(response, "Say why you change the classification", status_code=400)
        self.row.refresh_from_db()
        self.assertEqual(self.row.classification, "unexpected")


class MedicationPagesTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.prescriber)
        self.url = reverse("medications:add", args=[self.cast.client.pk])

    def test_it_adds_a_medication_from_the_list(self):
        response = self.client.post(self.url, medication_post())
        self.assertRedirects(response, reverse("medications:chart", args=[self.cast.client.pk]))
        med = Medication.objects.get()
        self.assertEqual((med.name, med.strength, med.route), ("Sertraline", "50 mg", "oral"))

    def test_it_marks_free_text_as_not_coded(self):
        self.client.post(
            self.url, medication_post(name="Ashwagandha", route="oral", reason="other")
        )
        page = self.client.get(reverse("medications:chart", args=[self.cast.client.pk]))
        self.assertContains(page, "Ashwagandha")
        self.assertContains(page, "Not coded")

    def test_it_refuses_a_stop_date_before_the_start_with_a_message(self):
        response = self.client.post(self.url, medication_post(stop_date=days_ago(9).isoformat()))
        self.assertContains(response, "The stop date is before the start date.", status_code=400)
        self.assertFalse(Medication.objects.exists())

    def test_it_stops_a_medication(self):
        med = make_medication(self.cast.client, self.cast.prescriber)
        response = self.client.post(
            reverse("medications:stop", args=[med.pk]),
            {"stop_date": days_ago(0).isoformat(), "reason": "Switched to injection", "version": 1},
        )
        self.assertEqual(response.status_code, 302)
        med.refresh_from_db()
        self.assertEqual(med.stop_reason, "Switched to injection")

    def test_it_shows_a_conflict_to_the_second_writer(self):
        med = make_medication(self.cast.client, self.cast.prescriber, version=2)
        response = self.client.post(
            reverse("medications:stop", args=[med.pk]),
            {"stop_date": days_ago(0).isoformat(), "reason": "x", "version": 1},
        )
        self.assertContains(response, "Someone else changed this record", status_code=400)

    def test_it_records_an_allergy_and_no_known_allergies(self):
        self.client.post(reverse("medications:allergy_none", args=[self.cast.client.pk]))
        self.client.post(
            reverse("medications:allergy_add", args=[self.cast.client.pk]),
            {
                "substance": "Penicillin",
                "category": "medication",
                "reaction": "hives",
                "severity": "severe",
            },
        )
        self.assertEqual(
            list(Allergy.objects.order_by("pk").values_list("status", flat=True)),
            ["inactive", "active"],
        )


class RecoveryAndAdherenceTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)

    def test_it_keeps_the_recovery_date_history_and_shows_days_since(self):
        make_recovery(self.cast.client, self.cast.clinician, days=30)
        url = reverse("medications:recovery", args=[self.cast.client.pk])
        response = self.client.post(
            url, {"recovery_on": days_ago(2).isoformat(), "note": "Relapse"}
        )
        self.assertRedirects(response, url)
        self.assertEqual(RecoveryDate.objects.count(), 2)
        screens = self.client.get(reverse("medications:screens", args=[self.cast.client.pk]))
        self.assertContains(screens, "<strong>2</strong> days since", html=False)

    def test_it_refuses_a_changed_date_without_a_note(self):
        make_recovery(self.cast.client, self.cast.clinician, days=30)
        url = reverse("medications:recovery", args=[self.cast.client.pk])
        response = self.client.post(url, {"recovery_on": days_ago(2).isoformat()})
        self.assertContains(response, "Say why the recovery date changes", status_code=400)
        self.assertEqual(RecoveryDate.objects.count(), 1)

    def test_it_records_an_adherence_check(self):
        med = make_medication(self.cast.client, self.cast.prescriber)
        url = reverse("medications:adherence", args=[self.cast.client.pk])
        response = self.client.post(
            url,
            {
                "checked_on": days_ago(0).isoformat(),
                "medication": med.pk,
                "status": "missed_doses",
                "source": "count",
            },
        )
        self.assertRedirects(response, url)
        self.assertEqual(AdherenceCheck.objects.get().medication, med)

    def test_it_refuses_another_clients_medication_in_an_adherence_check(self):
        other = make_medication(self.cast.other_client, self.cast.prescriber)
        response = self.client.post(
            reverse("medications:adherence", args=[self.cast.client.pk]),
            {
                "checked_on": days_ago(0).isoformat(),
                "medication": other.pk,
                "status": "not_taking",
                "source": "count",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(AdherenceCheck.objects.exists())


class QueryCountTest(CastTestCase):
    """List pages make the same number of queries with one row or many."""

    def fill(self, n):
        c = self.cast
        for i in range(n):
            make_medication(
                c.client,
                c.prescriber,
                name=f"Drug {i}",
                catalog_key="",
                is_mat=False,
                reason="other",
            )
            make_screen(
                c.client,
                c.clinician,
                {"cocaine": ("positive", "unexpected"), "thc": ("negative", "")},
                collected_on=days_ago(i + 1),
            )
            AdherenceCheck.objects.create(
                client=c.client,
                checked_on=days_ago(i),
                status="as_prescribed",
                source="count",
                recorded_by=c.clinician,
            )
            make_recovery(c.client, c.clinician, days=i + 10)
            Allergy.objects.create(
                client=c.client, substance=f"Thing {i}", recorded_by=c.prescriber
            )

    def count(self, name):
        self.login(self.cast.prescriber)
        url = reverse(f"medications:{name}", args=[self.cast.client.pk])
        self.client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_it_keeps_the_query_count_flat(self):
        self.fill(1)
        few = {name: self.count(name) for name in ("chart", "screens", "adherence", "recovery")}
        self.fill(6)
        many = {name: self.count(name) for name in ("chart", "screens", "adherence", "recovery")}
        self.assertEqual(few, many)
        lock = 1 if connection.vendor == "postgresql" else 0  # the audit chain's advisory lock
        self.assertEqual(few, {name: n + lock for name, n in EXPECTED_QUERIES.items()})


#: Measured: ~14 for the frame (session, user, roles, door, audit, chart header with its two
#: facts: hours this week, days since the recovery date) + the tab's own.
EXPECTED_QUERIES = {
    "chart": 17,
    "screens": 18,
    "adherence": 18,
    "recovery": 17,
}  # adherence: + the notes app's medication notes
