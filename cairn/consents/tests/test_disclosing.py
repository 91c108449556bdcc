"""Releasing records under a consent: only what it allows, the §2.32 notice on every page, a
copy of the consent, the disclosure recorded; revocation and expiry enforced at that moment;
counseling notes only under their own consent; every refusal audited."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.consents import consenting, disclosing
from cairn.consents.categories import Period
from cairn.consents.models import Consent, Disclosure
from cairn.consents.tests.factories import ALL_DATES, days_ago, make_consent
from cairn.consents.tests.pdfs import page_texts, text
from cairn.consents.tests.records import give_records
from cairn.consents.vocabulary import NOTICE_SHORT
from cairn.testing.cases import CastTestCase
from cairn.worklist.models import Task


class ReleaseTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        give_records(cls.cast)

    def release(self, consent, categories, period=ALL_DATES, **kw):
        return disclosing.release_with_consent(
            self.cast.client,
            consent,
            categories=categories,
            period=period,
            by=self.cast.clinician,
            **kw,
        )

    def test_it_includes_only_the_categories_released(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        disclosure = self.release(consent, ["demographics", "attendance"])
        words = text(bytes(disclosure.package_pdf))
        self.assertIn("RELAPSE-PREVENTION-GROUP", words)
        self.assertIn(self.cast.client.mrn, words)
        for absent in ("Naltrexone", "PROGRESS-NOTE-TEXT", "Cocaine", "COUNSELING-NOTE-TEXT"):
            self.assertNotIn(absent, words)

    def test_it_refuses_categories_the_consent_does_not_allow(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        with self.assertRaises(disclosing.DisclosureRefused) as caught:
            self.release(consent, ["demographics", "progress_notes"])
        self.assertIn("does not allow progress notes", caught.exception.reasons[0])
        self.assertFalse(Disclosure.objects.exists())

    def test_it_releases_signed_notes_never_drafts(self):
        consent = make_consent(self.cast.client, self.cast.clinician, categories=["progress_notes"])
        words = text(bytes(self.release(consent, ["progress_notes"]).package_pdf))
        self.assertIn("PROGRESS-NOTE-TEXT", words)
        self.assertNotIn("DRAFT-NOTE-TEXT", words)
        self.assertNotIn("COUNSELING-NOTE-TEXT", words)

    def test_it_keeps_to_the_dates_asked_for(self):
        consent = make_consent(self.cast.client, self.cast.clinician, categories=["drug_screens"])
        period = Period(days_ago(60), days_ago(30))
        words = text(bytes(self.release(consent, ["drug_screens"], period).package_pdf))
        self.assertNotIn("Cocaine", words)
        self.assertIn("None in these dates", words)

    def test_it_refuses_dates_outside_those_the_consent_allows(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, records_from=days_ago(5), records_to=None
        )
        with self.assertRaises(disclosing.DisclosureRefused) as caught:
            self.release(consent, ["attendance"])
        self.assertIn("allows records from", caught.exception.reasons[0])

    def test_it_carries_the_notice_and_a_copy_of_the_consent(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        words = text(bytes(self.release(consent, ["medications"]).package_pdf))
        self.assertIn("This record which has been disclosed to you is protected", words)
        self.assertIn("Copy of the consent", words)
        self.assertIn("Summary of the consent", words)
        self.assertIn("Naltrexone", words)

    def test_it_records_who_released_what_to_whom_and_why(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        disclosure = self.release(consent, ["medications", "demographics"])
        self.assertEqual(disclosure.consent, consent)
        self.assertEqual(disclosure.released_by, self.cast.clinician)
        self.assertEqual(disclosure.recipient_name, "Maria Castillo (mother)")
        self.assertEqual(disclosure.purpose, "family_support")
        self.assertEqual(disclosure.categories, ["demographics", "medications"])
        self.assertEqual(len(disclosure.manifest["medications"]), 1)
        self.assertIn("Medications (1 record)", disclosure.description)
        event = AuditEvent.objects.get(action="disclosure.release")
        self.assertEqual(event.object_id, str(disclosure.pk))


class NoticeOnEveryPageTest(CastTestCase):
    def test_it_prints_the_notice_on_every_page_of_a_long_package(self):
        give_records(self.cast, notes=25)
        consent = make_consent(
            self.cast.client, self.cast.clinician, categories=["progress_notes", "attendance"]
        )
        disclosure = disclosing.release_with_consent(
            self.cast.client,
            consent,
            categories=["progress_notes", "attendance"],
            period=ALL_DATES,
            by=self.cast.clinician,
        )
        pages = page_texts(bytes(disclosure.package_pdf))
        self.assertGreater(len(pages), 5)
        self.assertEqual(disclosure.package_pages, len(pages))
        for number, page in enumerate(pages, 1):
            with self.subTest(page=number):
                self.assertIn(NOTICE_SHORT, page)
                self.assertIn(f"Page {number} of {len(pages)}", page)
                self.assertIn(disclosure.reference, page)


class AtTheMomentOfDisclosureTest(CastTestCase):
    """Revocation and expiry take effect at once, checked when the package is produced."""

    def release(self, consent):
        return disclosing.release_with_consent(
            self.cast.client,
            consent,
            categories=["demographics"],
            period=ALL_DATES,
            by=self.cast.clinician,
        )

    def test_it_refuses_a_consent_revoked_today(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        first = self.release(consent)
        consenting.revoke_consent(
            consent, revoked_on=timezone.localdate(), how="letter", by=self.cast.intake
        )
        with self.assertRaises(disclosing.DisclosureRefused) as caught:
            self.release(consent)
        self.assertIn("revoked", caught.exception.reasons[0])
        self.assertEqual(list(Disclosure.objects.all()), [first])

    def test_it_refuses_when_the_revocation_lands_while_the_package_is_rendered(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        from cairn.consents import packages

        render = packages.render_pdf

        def revoke_meanwhile(*args, **kwargs):
            pdf = render(*args, **kwargs)
            consenting.revoke_consent(
                consent, revoked_on=timezone.localdate(), how="portal", by=self.cast.intake
            )
            return pdf

        with (
            mock.patch.object(packages, "render_pdf", revoke_meanwhile),
            self.assertRaises(disclosing.DisclosureRefused),
        ):
            self.release(consent)
        self.assertFalse(Disclosure.objects.exists())

    def test_it_refuses_a_consent_past_its_expiry_date(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, signed_on=days_ago(40), expires_on=days_ago(1)
        )
        with self.assertRaises(disclosing.DisclosureRefused) as caught:
            self.release(consent)
        self.assertIn("expired", caught.exception.reasons[0])

    def test_it_allows_a_consent_on_its_last_day(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, expires_on=timezone.localdate()
        )
        self.assertTrue(self.release(consent))

    def test_it_refuses_end_of_treatment_once_discharged(self):
        episode = self.cast.client.episodes.get()
        consent = make_consent(
            self.cast.client,
            self.cast.clinician,
            expires_on=None,
            expiry_event="end_of_treatment",
            episode=episode,
        )
        self.assertTrue(self.release(consent))
        type(episode).objects.filter(pk=episode.pk).update(
            status="discharged", discharged_on=days_ago(1)
        )
        consent.refresh_from_db()
        with self.assertRaises(disclosing.DisclosureRefused):
            self.release(consent)

    def test_it_refuses_a_consent_not_signed_yet(self):
        consent = make_consent(self.cast.client, self.cast.clinician, signed=False)
        with self.assertRaises(disclosing.DisclosureRefused) as caught:
            self.release(consent)
        self.assertIn("signature", caught.exception.reasons[0])

    def test_it_audits_every_refused_attempt(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, signed_on=days_ago(40), expires_on=days_ago(1)
        )
        for _ in range(2):
            with self.assertRaises(disclosing.DisclosureRefused):
                self.release(consent)
        refused = AuditEvent.objects.filter(action="disclosure.refused", outcome="denied")
        self.assertEqual(refused.count(), 2)
        self.assertEqual(refused.first().client_id, self.cast.client.pk)
        self.assertIn("expired", refused.first().detail["reasons"][0])

    def test_it_keeps_earlier_disclosures_when_a_consent_is_revoked(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        disclosure = self.release(consent)
        consenting.revoke_consent(
            consent, revoked_on=timezone.localdate(), how="letter", by=self.cast.intake
        )
        self.assertTrue(Disclosure.objects.filter(pk=disclosure.pk).exists())


class CounselingNotesTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        give_records(cls.cast)

    def release(self, consent, categories):
        return disclosing.release_with_consent(
            self.cast.client,
            consent,
            categories=categories,
            period=ALL_DATES,
            by=self.cast.director,
        )

    def test_it_never_releases_counseling_notes_under_a_general_consent(self):
        consent = make_consent(
            self.cast.client,
            self.cast.clinician,
            categories=["progress_notes", "medications", "drug_screens"],
        )
        with self.assertRaises(disclosing.DisclosureRefused) as caught:
            self.release(consent, ["progress_notes", "counseling_notes"])
        self.assertIn("own separate consent", " ".join(caught.exception.reasons))

    def test_it_refuses_a_stored_consent_mixing_them_with_other_information(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, categories=["progress_notes", "counseling_notes"]
        )
        with self.assertRaises(disclosing.DisclosureRefused):
            self.release(consent, ["counseling_notes"])
        self.assertFalse(Disclosure.objects.exists())

    def test_it_releases_them_under_their_own_consent(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, categories=["counseling_notes"]
        )
        words = text(bytes(self.release(consent, ["counseling_notes"]).package_pdf))
        self.assertIn("COUNSELING-NOTE-TEXT", words)
        self.assertNotIn("PROGRESS-NOTE-TEXT", words)

    def test_it_never_puts_them_in_an_emergency_disclosure(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            disclosing.release_in_emergency(
                self.cast.client,
                recipient_name="Dr. Ray",
                recipient_organization="County ER",
                reason="Overdose",
                categories=["medications", "counseling_notes"],
                period=ALL_DATES,
                by=self.cast.clinician,
            )
        self.assertFalse(Disclosure.objects.exists())


class EmergencyTest(CastTestCase):
    def emergency(self, **overrides):
        values = {
            "recipient_name": "Dr. Ray",
            "recipient_organization": "County General ER",
            "reason": "Unresponsive after suspected overdose",
            "categories": ["medications", "demographics"],
            "period": ALL_DATES,
            "by": self.cast.clinician,
        }
        values.update(overrides)
        return disclosing.release_in_emergency(self.cast.client, **values)

    def test_it_records_the_reason_and_asks_the_director_to_review(self):
        disclosure = self.emergency()
        self.assertTrue(disclosure.awaiting_review)
        self.assertIsNone(disclosure.consent)
        task = Task.objects.get(kind=disclosing.REVIEW_TASK)
        self.assertEqual(task.owner, self.cast.director)
        self.assertIn("Overdose", text(bytes(disclosure.package_pdf)).title())

    def test_it_refuses_an_emergency_without_a_reason(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            self.emergency(reason=" ")
        self.assertIn("reason", caught.exception.message_dict)
        self.assertTrue(AuditEvent.objects.filter(action="disclosure.refused").exists())

    def test_it_closes_the_review_tasks_when_reviewed(self):
        disclosure = disclosing.review_emergency_disclosure(
            self.emergency(), by=self.cast.director, note="Appropriate: ER physician, overdose."
        )
        self.assertFalse(disclosure.awaiting_review)
        self.assertEqual(Task.objects.get(kind=disclosing.REVIEW_TASK).status, "done")


class FrozenTest(CastTestCase):
    def test_it_refuses_changes_to_a_signed_consent(self):
        from cairn.consents.models import FrozenRecordError

        consent = make_consent(self.cast.client, self.cast.clinician)
        consent.categories = ["progress_notes"]
        with self.assertRaises(FrozenRecordError):
            consent.save()
        with self.assertRaises(FrozenRecordError):
            Consent.objects.filter(pk=consent.pk).update(purpose="legal")
        with self.assertRaises(FrozenRecordError):
            consent.delete()

    def test_it_refuses_changes_to_a_disclosure(self):
        from cairn.consents.models import FrozenRecordError

        consent = make_consent(self.cast.client, self.cast.clinician)
        disclosure = disclosing.release_with_consent(
            self.cast.client,
            consent,
            categories=["demographics"],
            period=ALL_DATES,
            by=self.cast.clinician,
        )
        with self.assertRaises(FrozenRecordError):
            Disclosure.objects.filter(pk=disclosure.pk).update(recipient_name="Someone else")

    def test_it_accepts_the_revocation_on_a_signed_consent(self):
        consent = make_consent(self.cast.client, self.cast.clinician)
        consenting.revoke_consent(
            consent,
            revoked_on=timezone.localdate() - timedelta(days=1),
            how="letter",
            by=self.cast.intake,
        )
        consent.refresh_from_db()
        self.assertEqual(consent.status, Consent.Status.REVOKED)
