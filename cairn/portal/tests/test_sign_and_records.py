"""The client signs a plan in the portal (issue 9.2), sees who received their records (issue
12.4) and makes a private calendar link (issue 5.5)."""

from django.urls import reverse

from cairn.audit.models import AuditEvent
from cairn.consents import disclosing
from cairn.consents.tests.factories import ALL_DATES, make_consent
from cairn.consents.tests.records import give_records
from cairn.plans.models import SignatureMethod, VersionStatus
from cairn.scheduling.models import CalendarFeed
from cairn.testing.cases import CastTestCase
from cairn.testing.plans import make_relapse_plan, make_treatment_plan

RECORDS = "/portal/records/"
CALENDAR = "/portal/records/calendar/"


class PortalSigningTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        c = cls.cast
        cls.treatment = make_treatment_plan(c.client, by=c.clinician, signed=True)
        cls.relapse = make_relapse_plan(c.client, by=c.clinician, signed=True)
        cls.draft = make_relapse_plan(c.other_client, by=c.clinician)

    def sign_url(self, version=None):
        return reverse("portal:sign_treatment", args=[(version or self.treatment).pk])

    def test_it_lists_the_versions_waiting_on_the_home_and_plan_pages(self):
        self.login(self.cast.portal)
        for url in ("/portal/", "/portal/plan/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, self.sign_url())
                self.assertContains(
                    response, reverse("portal:sign_relapse", args=[self.relapse.pk])
                )

    def test_it_shows_the_plan_before_the_signature(self):
        self.login(self.cast.portal)
        response = self.client.get(self.sign_url())
        goal = self.treatment.problems.first().goals.first()
        self.assertContains(response, goal.statement)
        self.assertContains(response, 'name="typed_name"')

    def test_it_signs_the_treatment_plan_in_the_portal(self):
        self.login(self.cast.portal)
        response = self.client.post(self.sign_url(), {"typed_name": "Jo Client", "agreed": "on"})
        self.assertRedirects(response, "/portal/plan/")
        self.treatment.refresh_from_db()
        self.assertEqual(self.treatment.status, VersionStatus.ACTIVE)
        self.assertEqual(self.treatment.client_signature_method, SignatureMethod.PORTAL)

    def test_it_signs_the_relapse_prevention_plan_in_the_portal(self):
        self.login(self.cast.portal)
        url = reverse("portal:sign_relapse", args=[self.relapse.pk])
        response = self.client.post(url, {"typed_name": "Jo Client", "agreed": "on"})
        self.assertRedirects(response, "/portal/plan/")
        self.relapse.refresh_from_db()
        self.assertEqual(self.relapse.status, VersionStatus.ACTIVE)

    def test_it_refuses_a_signature_without_a_name_or_agreement(self):
        self.login(self.cast.portal)
        for data in ({"typed_name": "", "agreed": "on"}, {"typed_name": "Jo Client"}):
            with self.subTest(data=data):
                response = self.client.post(self.sign_url(), data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "invalid-feedback", status_code=400)
        self.treatment.refresh_from_db()
        self.assertEqual(self.treatment.status, VersionStatus.AWAITING_CLIENT)

    def test_it_sends_a_version_not_waiting_back_to_the_plan(self):
        self.login(self.cast.portal)
        data = {"typed_name": "Jo Client", "agreed": "on"}
        self.client.post(self.sign_url(), data)
        signed_at = type(self.treatment).objects.get(pk=self.treatment.pk).client_signed_at
        response = self.client.post(self.sign_url(), data)
        self.assertRedirects(response, "/portal/plan/", fetch_redirect_response=False)
        self.treatment.refresh_from_db()
        self.assertEqual(self.treatment.client_signed_at, signed_at)

    def test_it_hides_the_pages_from_staff_family_and_other_clients(self):
        url = self.sign_url()
        for user in (self.cast.clinician, self.cast.other_portal):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
                response = self.client.post(url, {"typed_name": "X Y", "agreed": "on"})
                self.assertEqual(response.status_code, 404)
        self.treatment.refresh_from_db()
        self.assertEqual(self.treatment.status, VersionStatus.AWAITING_CLIENT)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        self.assertEqual(self.client.get(self.sign_url()).status_code, 302)


class PortalRecordsTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        give_records(cls.cast)
        c = cls.cast
        consent = make_consent(c.client, c.clinician, recipient_name="Dr. Own Provider")
        disclosing.release_with_consent(
            c.client, consent, categories=["attendance"], period=ALL_DATES, by=c.clinician
        )
        other = make_consent(c.other_client, c.clinician, recipient_name="Lee Lind")
        disclosing.release_with_consent(
            c.other_client, other, categories=["attendance"], period=ALL_DATES, by=c.clinician
        )

    def test_it_lists_the_clients_own_disclosures_only(self):
        self.login(self.cast.portal)
        response = self.client.get(RECORDS)
        self.assertContains(response, "Dr. Own Provider")
        self.assertNotContains(response, "Lee Lind")

    def test_it_audits_the_accounting_as_provided_to_the_client(self):
        self.login(self.cast.portal)
        self.client.get(RECORDS)
        event = AuditEvent.objects.filter(action="consents.accounting").latest("id")
        self.assertEqual(
            (event.actor_id, event.client_id), (self.cast.portal.pk, self.cast.client.pk)
        )

    def test_it_makes_a_calendar_link_shown_once_and_turns_it_off(self):
        self.login(self.cast.portal)
        response = self.client.post(CALENDAR, {"action": "issue"})
        self.assertContains(response, ".ics")
        feed = CalendarFeed.objects.get(client=self.cast.client, revoked_at__isnull=True)
        self.assertNotContains(self.client.get(RECORDS), ".ics")
        self.assertRedirects(self.client.post(CALENDAR, {"action": "revoke"}), RECORDS)
        feed.refresh_from_db()
        self.assertIsNotNone(feed.revoked_at)

    def test_it_refuses_an_unknown_calendar_action(self):
        self.login(self.cast.portal)
        response = self.client.post(CALENDAR, {"action": "delete-everything"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_it_answers_staff_with_404_and_the_wrong_method_with_405(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(RECORDS).status_code, 404)
        self.login(self.cast.portal)
        self.assertEqual(self.client.get(CALENDAR).status_code, 405)
        self.assertEqual(self.client.post(RECORDS).status_code, 405)
