"""The demo data: TPO consents for most active clients, family consents (some revoked), expired
ones, one waiting for signature, and a few disclosures — one in an emergency, to review."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from cairn.consents.elements import missing_elements
from cairn.consents.models import Consent, Disclosure
from cairn.consents.tests.pdfs import page_texts
from cairn.consents.vocabulary import NOTICE_SHORT
from cairn.worklist.models import Task


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", "--clients", "60", "--weeks", "3", stdout=StringIO())

    def statuses(self):
        return {c.status for c in Consent.objects.select_related("client", "episode")}

    def test_it_has_consents_in_every_state(self):
        self.assertLessEqual(
            {"active", "revoked", "expired", "awaiting_signature"}, self.statuses()
        )
        self.assertTrue(Consent.objects.filter(is_tpo=True, expiry_event="none").exists())

    def test_its_signed_consents_have_every_element(self):
        for consent in Consent.objects.filter(signed_on__isnull=False).select_related(
            "client", "episode"
        )[:200]:
            with self.subTest(consent=consent.pk):
                self.assertEqual(missing_elements(consent, today=consent.signed_on), [])

    def test_it_has_disclosures_with_the_notice_and_one_emergency_to_review(self):
        self.assertEqual(Disclosure.objects.count(), 3)
        emergency = Disclosure.objects.get(kind="emergency")
        self.assertTrue(emergency.awaiting_review)
        self.assertTrue(Task.objects.filter(kind="disclosure_review").exists())
        for disclosure in Disclosure.objects.all():
            pages = page_texts(bytes(disclosure.package_pdf))
            self.assertTrue(all(NOTICE_SHORT in page for page in pages))
