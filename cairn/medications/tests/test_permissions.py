"""Who may open and post each page (issue 10, access): the fixed cast against every view.

Reading a chart tab needs VIEW_CHART (the care team, supervisors, the director); recording
screens, classifying them, the recovery date and adherence need WRITE_CLINICAL (the care team);
medications and allergies need MANAGE_MEDICATIONS (prescribers and nurses on the team).
Billers and intake see the client (demographics) but no clinical content: 403. Everyone
outside the client's care answers 404."""

from django.urls import reverse

from cairn.audit.models import AuditEvent
from cairn.medications.models import Allergy
from cairn.medications.tests.factories import make_medication, make_screen
from cairn.testing.cases import CastTestCase

READERS = {
    "clinician": 200,
    "supervisee": 200,
    "supervisor": 200,
    "prescriber": 200,
    "director": 200,
}
WRITERS = {
    "clinician": 200,
    "supervisee": 200,
    "supervisor": 200,
    "prescriber": 200,
    "director": 403,
}
MANAGERS = {"prescriber": 200, "clinician": 403, "supervisor": 403, "director": 403}
HIDDEN = {"colleague": 404, "outsider": 404, "admin": 404}
NO_CHART = {"biller": 403, "intake": 403}


class PermissionCase(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        c = cls.cast
        cls.medication = make_medication(c.client, c.prescriber)
        cls.allergy = Allergy.objects.create(
            client=c.client, substance="Penicillin", severity="severe", recorded_by=c.prescriber
        )
        cls.screen = make_screen(c.client, c.clinician, {"cocaine": ("positive", "unexpected")})
        cls.result = cls.screen.results.get()
        cid = c.client.pk
        #: url → expected GET status per cast member
        cls.get_pages = {
            reverse("medications:chart", args=[cid]): READERS,
            reverse("medications:screens", args=[cid]): READERS,
            reverse("medications:screen", args=[cls.screen.pk]): READERS,
            reverse("medications:recovery", args=[cid]): READERS,
            reverse("medications:adherence", args=[cid]): READERS,
            reverse("medications:screen_record", args=[cid]): WRITERS,
            reverse("medications:add", args=[cid]): MANAGERS,
            reverse("medications:change", args=[cls.medication.pk]): MANAGERS,
            reverse("medications:stop", args=[cls.medication.pk]): MANAGERS,
            reverse("medications:error", args=[cls.medication.pk]): MANAGERS,
            reverse("medications:allergy_add", args=[cid]): MANAGERS,
            reverse("medications:allergy_end", args=[cls.allergy.pk]): MANAGERS,
        }
        cls.post_only = {
            reverse("medications:allergy_none", args=[cid]): MANAGERS,
            reverse("medications:classify", args=[cls.result.pk]): WRITERS,
            reverse("medications:screen_error", args=[cls.screen.pk]): WRITERS,
        }


class ReadAccessTest(PermissionCase):
    def test_it_answers_every_cast_member_on_every_page(self):
        for url, allowed in self.get_pages.items():
            table = {**NO_CHART, **HIDDEN, **allowed}
            for member, status in table.items():
                with self.subTest(url=url, member=member):
                    self.login(getattr(self.cast, member))
                    self.assertEqual(self.client.get(url).status_code, status)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for url in [*self.get_pages, *self.post_only]:
            with self.subTest(url=url):
                response = self.client.get(url) if url in self.get_pages else self.client.post(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_refuses_other_methods(self):
        self.login(self.cast.prescriber)
        for url in self.get_pages:
            with self.subTest(url=url):
                self.assertEqual(self.client.delete(url).status_code, 405)
        for url in self.post_only:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 405)

    def test_it_hides_the_pages_from_the_portal(self):
        self.login(self.cast.portal)
        for url in self.get_pages:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_audits_reading_the_screens(self):
        self.login(self.cast.clinician)
        self.client.get(reverse("medications:screens", args=[self.cast.client.pk]))
        self.assertTrue(
            AuditEvent.objects.filter(
                action="chart.view_chart",
                client_id=self.cast.client.pk,
                actor_id=self.cast.clinician.pk,
            ).exists()
        )


class WriteAccessTest(PermissionCase):
    def test_it_refuses_posts_by_who_may_not_write_and_writes_nothing(self):
        for url, allowed in {**self.post_only}.items():
            table = {**NO_CHART, **HIDDEN, **{m: s for m, s in allowed.items() if s != 200}}
            for member, status in table.items():
                with self.subTest(url=url, member=member):
                    self.login(getattr(self.cast, member))
                    self.assertEqual(self.client.post(url, {"reason": "x"}).status_code, status)
        self.result.refresh_from_db()
        self.screen.refresh_from_db()
        self.assertEqual((self.result.version, self.screen.entered_in_error), (1, False))
        self.assertEqual(Allergy.objects.count(), 1)

    def test_it_refuses_a_clinician_changing_a_medication(self):
        self.login(self.cast.clinician)
        url = reverse("medications:stop", args=[self.medication.pk])
        response = self.client.post(url, {"stop_date": "2026-01-01", "reason": "x", "version": 1})
        self.assertEqual(response.status_code, 403)
        self.medication.refresh_from_db()
        self.assertIsNone(self.medication.stop_date)


class BillerTest(PermissionCase):
    """Billers see coverage and billable services, never screen results (DESIGN.md roles)."""

    def test_it_shows_a_biller_no_screen_results(self):
        self.login(self.cast.biller)
        for url in (
            reverse("medications:screens", args=[self.cast.client.pk]),
            reverse("medications:screen", args=[self.screen.pk]),
            reverse("medications:chart", args=[self.cast.client.pk]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403)
                self.assertNotContains(response, "Cocaine", status_code=403)

    def test_it_shows_a_biller_no_medication_tabs(self):
        self.login(self.cast.biller)
        response = self.client.get(reverse("clients:chart", args=[self.cast.client.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("medications:screens", args=[self.cast.client.pk]))
        self.assertNotContains(response, "Drug screens")

    def test_it_shows_the_tabs_to_the_care_team(self):
        self.login(self.cast.clinician)
        response = self.client.get(reverse("clients:chart", args=[self.cast.client.pk]))
        self.assertContains(response, reverse("medications:screens", args=[self.cast.client.pk]))
