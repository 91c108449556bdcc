"""The pages: preparing, signing, revoking, voiding consents; finding a covering consent and
producing a package; emergencies and their review; the accounting; the export. Bad input gets a
message on its field and writes nothing; lists keep a flat query count."""

import io
import zipfile
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.consents import consenting, disclosing
from cairn.consents.models import Consent, Disclosure, RecordExport
from cairn.consents.tests.factories import ALL_DATES, make_consent
from cairn.consents.tests.pdfs import text
from cairn.consents.vocabulary import NOTICE_SHORT
from cairn.testing.cases import CastTestCase


def consent_post(**overrides) -> dict:
    values = {
        "recipient_kind": "family",
        "recipient_name": "Maria Castillo (mother)",
        "categories": ["demographics", "attendance"],
        "purpose": "family_support",
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "expiry_event": "",
        "discloser": "Riverside IOP",
        "revocation_statement": "I may revoke this consent in writing.",
    }
    values.update(overrides)
    return values


class ConsentPagesTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.client_id = self.cast.client.pk

    def test_it_prepares_a_consent_from_a_template_then_signs_it_on_screen(self):
        page = self.client.get(reverse("consents:new", args=[self.client_id]) + "?template=family")
        self.assertContains(page, "Family member")
        response = self.client.post(
            reverse("consents:new", args=[self.client_id]) + "?template=family", consent_post()
        )
        consent = Consent.objects.get()
        self.assertRedirects(response, reverse("consents:sign", args=[consent.pk]))
        self.assertEqual(consent.preset, "family")
        response = self.client.post(
            reverse("consents:sign", args=[consent.pk]),
            {
                "signer_kind": "client",
                "signer_name": "Robin Castillo",
                "method": "on_screen",
                "attested": "on",
            },
        )
        self.assertRedirects(response, reverse("consents:consent", args=[consent.pk]))
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.ACTIVE)
        page = self.client.get(reverse("consents:consent", args=[consent.pk]))
        self.assertContains(page, "In effect")
        self.assertContains(page, "Maria Castillo (mother)")

    def test_it_names_the_missing_element_on_its_field(self):
        response = self.client.post(
            reverse("consents:new", args=[self.client_id]),
            consent_post(recipient_name="", expires_on=""),
        )
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertIn("Name the recipient", form.errors["recipient_name"][0])
        self.assertIn("expiration date or event", form.errors["expires_on"][0])
        self.assertFalse(Consent.objects.exists())

    def test_it_prepares_the_single_tpo_consent_in_the_rules_words(self):
        response = self.client.post(
            reverse("consents:new", args=[self.client_id]) + "?template=insurer_tpo",
            consent_post(
                recipient_kind="tpo",
                recipient_name="",
                purpose="tpo",
                expires_on="",
                expiry_event="none",
                categories=["diagnoses", "progress_notes"],
            ),
        )
        self.assertEqual(response.status_code, 302)
        consent = Consent.objects.get()
        self.assertTrue(consent.is_tpo)
        self.assertIn("people helping to operate this program", consent.recipient_name)

    def test_it_refuses_a_signature_without_the_confirmation(self):
        consent = make_consent(self.cast.client, self.cast.clinician, signed=False)
        response = self.client.post(
            reverse("consents:sign", args=[consent.pk]),
            {"signer_kind": "client", "signer_name": "Robin Castillo", "method": "on_screen"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tick the box", response.context["form"].errors["attested"][0])
        consent.refresh_from_db()
        self.assertFalse(consent.is_signed)

    def test_it_records_a_revocation_that_takes_effect_at_once(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        response = self.client.post(
            reverse("consents:revoke", args=[consent.pk]),
            {"revoked_on": timezone.localdate().isoformat(), "how": "letter", "note": "Mailed"},
        )
        self.assertRedirects(response, reverse("consents:consent", args=[consent.pk]))
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.REVOKED)
        self.assertEqual(consent.revocation_recorded_by, self.cast.clinician)

    def test_it_refuses_a_revocation_without_how_or_dated_in_the_future(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = self.client.post(
            reverse("consents:revoke", args=[consent.pk]), {"revoked_on": tomorrow, "how": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("how", response.context["form"].errors)
        response = self.client.post(
            reverse("consents:revoke", args=[consent.pk]), {"revoked_on": tomorrow, "how": "fax"}
        )
        self.assertIn("future", response.context["form"].errors["revoked_on"][0])
        consent.refresh_from_db()
        self.assertIsNone(consent.revoked_on)

    def test_it_voids_a_consent_that_wont_be_signed_and_asks_why(self):
        consent = make_consent(self.cast.client, self.cast.clinician, signed=False)
        response = self.client.post(reverse("consents:void", args=[consent.pk]), {"reason": ""})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            reverse("consents:void", args=[consent.pk]), {"reason": "Client declined"}
        )
        self.assertEqual(response.status_code, 302)
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.VOIDED)

    def test_it_prints_the_consent_form(self):
        consent = make_consent(self.cast.client, self.cast.clinician, signed=False)
        response = self.client.get(reverse("consents:consent_pdf", args=[consent.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        words = text(response.content)
        self.assertIn("Consent to disclose substance use disorder treatment records", words)
        self.assertIn("Signature of the client or authorized representative", words)


class DisclosurePagesTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse("consents:disclose", args=[self.cast.client.pk])

    def test_it_lists_the_consents_that_cover_a_recipient_and_purpose(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        make_consent(self.cast.client, self.cast.clinician, recipient_name="Sam Ortiz")
        page = self.client.get(
            self.url, {"recipient": "maria castillo", "purpose": "family_support"}
        )
        self.assertEqual([c.consent for c in page.context["covering"]], [consent])
        self.assertContains(page, "Use this consent")

    def test_it_names_the_missing_element_and_audits_the_attempt(self):
        page = self.client.get(self.url, {"recipient": "Sam Ortiz", "purpose": "legal"})
        self.assertContains(page, "No package can be produced")
        self.assertContains(page, "missing the recipient")
        event = AuditEvent.objects.get(action="disclosure.refused")
        self.assertEqual(event.outcome, "denied")

    def test_it_says_why_a_consent_naming_the_recipient_falls_short(self):
        make_consent(self.cast.client, self.cast.clinician, expires_on=timezone.localdate())
        consent = Consent.objects.get()
        consenting.revoke_consent(
            consent, revoked_on=timezone.localdate(), how="letter", by=self.cast.intake
        )
        page = self.client.get(
            self.url, {"recipient": "Maria Castillo", "purpose": "family_support"}
        )
        self.assertContains(page, "It was revoked on")

    def test_it_produces_the_package_and_records_the_disclosure(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        response = self.client.post(
            f"{self.url}?consent={consent.pk}",
            {"categories": ["demographics", "medications"], "purpose": "family_support"},
        )
        disclosure = Disclosure.objects.get()
        self.assertRedirects(response, reverse("consents:disclosure", args=[disclosure.pk]))
        pdf = self.client.get(reverse("consents:disclosure_pdf", args=[disclosure.pk]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertEqual(bytes(pdf.content), bytes(disclosure.package_pdf))
        self.assertIn(NOTICE_SHORT, text(pdf.content))

    def test_it_refuses_a_category_outside_the_consent_and_writes_nothing(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        response = self.client.post(
            f"{self.url}?consent={consent.pk}",
            {"categories": ["progress_notes"], "purpose": "family_support"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("categories", response.context["form"].errors)
        self.assertFalse(Disclosure.objects.exists())

    def test_it_refuses_a_consent_revoked_after_the_page_was_opened(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        self.assertEqual(self.client.get(f"{self.url}?consent={consent.pk}").status_code, 200)
        consenting.revoke_consent(
            consent, revoked_on=timezone.localdate(), how="letter", by=self.cast.intake
        )
        response = self.client.post(
            f"{self.url}?consent={consent.pk}",
            {"categories": ["demographics"], "purpose": "family_support"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "revoked", status_code=400)
        self.assertFalse(Disclosure.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(action="disclosure.refused").exists())

    def test_it_refuses_another_clients_consent(self):
        other = make_consent(self.cast.other_client, self.cast.clinician)
        self.assertEqual(self.client.get(f"{self.url}?consent={other.pk}").status_code, 404)

    def test_it_refuses_an_emergency_without_its_facts(self):
        response = self.client.post(
            reverse("consents:emergency", args=[self.cast.client.pk]), {"categories": []}
        )
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertLessEqual({"recipient_name", "recipient_organization", "reason"}, set(errors))
        self.assertFalse(Disclosure.objects.exists())

    def test_it_releases_in_an_emergency_for_the_director_to_review(self):
        response = self.client.post(
            reverse("consents:emergency", args=[self.cast.client.pk]),
            {
                "recipient_name": "Dr. Ray",
                "recipient_organization": "County ER",
                "reason": "Unresponsive",
                "categories": ["medications"],
            },
        )
        disclosure = Disclosure.objects.get()
        self.assertRedirects(response, reverse("consents:disclosure", args=[disclosure.pk]))
        self.login(self.cast.director)
        home = self.client.get(reverse("core:home"))
        self.assertContains(home, "Emergency disclosures to review (1)")
        review = reverse("consents:review", args=[disclosure.pk])
        self.assertEqual(self.client.post(review, {"note": ""}).status_code, 400)
        self.assertRedirects(
            self.client.post(review, {"note": "Appropriate."}),
            reverse("consents:disclosure", args=[disclosure.pk]),
        )
        self.assertNotContains(self.client.get(reverse("core:home")), "Emergency disclosures to")


class AccountingAndExportPagesTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        consent = make_consent(cls.cast.client, cls.cast.clinician)
        disclosing.release_with_consent(
            cls.cast.client,
            consent,
            categories=["attendance"],
            period=ALL_DATES,
            by=cls.cast.clinician,
        )

    def test_it_shows_the_accounting_printable_and_as_pdf(self):
        self.login(self.cast.intake)
        page = self.client.get(reverse("consents:accounting", args=[self.cast.client.pk]))
        self.assertContains(page, "Maria Castillo (mother)")
        self.assertContains(page, "data-print")
        pdf = self.client.get(reverse("consents:accounting_pdf", args=[self.cast.client.pk]))
        self.assertIn("Maria Castillo (mother)", text(pdf.content))

    def test_it_exports_the_record_as_a_zip_and_asks_why(self):
        self.login(self.cast.director)
        url = reverse("consents:export", args=[self.cast.client.pk])
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 400)
        self.assertFalse(RecordExport.objects.exists())
        response = self.client.post(url, {"reason": "Written request of today"})
        self.assertEqual(response["Content-Type"], "application/zip")
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertIn("manifest.json", names)
        self.assertEqual(RecordExport.objects.get().reason, "Written request of today")


class QueryCountTest(CastTestCase):
    """The tab's queries don't grow with the number of consents and disclosures."""

    def count(self, url):
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def add(self, n):
        for _ in range(n):
            consent = make_consent(self.cast.client, self.cast.clinician)
            disclosing.release_with_consent(
                self.cast.client,
                consent,
                categories=["demographics"],
                period=ALL_DATES,
                by=self.cast.clinician,
            )
            disclosing.release_in_emergency(
                self.cast.client,
                recipient_name="Dr. Ray",
                recipient_organization="ER",
                reason="x",
                categories=["demographics"],
                period=ALL_DATES,
                by=self.cast.clinician,
            )

    def test_it_keeps_the_query_count_flat(self):
        self.login(self.cast.director)
        urls = [
            reverse("consents:chart", args=[self.cast.client.pk]),
            reverse("consents:accounting", args=[self.cast.client.pk]),
            reverse("consents:review_queue"),
            reverse("core:home"),
        ]
        self.add(1)
        few = [self.count(url) for url in urls]
        self.add(6)
        self.assertEqual([self.count(url) for url in urls], few)
