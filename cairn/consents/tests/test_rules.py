"""``consent_allows``: the one set of rules the portal's family access and contacting sober
supports use (issue 12, point 5)."""

from types import SimpleNamespace

from django.utils import timezone

from cairn.consents import consenting
from cairn.consents.rules import Recipient, consent_allows, name_key
from cairn.consents.tests.factories import days_ago, make_consent
from cairn.testing.cases import CastTestCase


class ConsentAllowsTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.family = make_consent(cls.cast.client, cls.cast.clinician)  # Maria, family support

    def test_it_allows_what_the_consent_names(self):
        decision = consent_allows(
            self.cast.client, "Maria Castillo", "attendance", "family_support"
        )
        self.assertTrue(decision)
        self.assertEqual(decision.consent, self.family)

    def test_it_matches_names_whatever_the_case_spacing_and_relationship(self):
        self.assertTrue(
            consent_allows(self.cast.client, " maria  CASTILLO ", "demographics", "family_support")
        )
        self.assertEqual(name_key("María Castillo (mom)"), "maria castillo")

    def test_it_accepts_a_contact_of_the_client(self):
        contact = SimpleNamespace(name="Maria Castillo", kind="family", relationship="mother")
        self.assertTrue(consent_allows(self.cast.client, contact, "attendance", "family_support"))

    def test_it_refuses_a_recipient_no_consent_names(self):
        decision = consent_allows(self.cast.client, "Sam Ortiz", "attendance", "family_support")
        self.assertFalse(decision)
        self.assertIn("No consent names Sam Ortiz", decision.reason)
        self.assertIn("recipient", decision.reason)

    def test_it_refuses_a_category_the_consent_leaves_out(self):
        decision = consent_allows(
            self.cast.client, "Maria Castillo", "progress_notes", "family_support"
        )
        self.assertFalse(decision)
        self.assertIn("does not allow progress notes", decision.reason)

    def test_it_refuses_another_purpose(self):
        self.assertFalse(consent_allows(self.cast.client, "Maria Castillo", "attendance", "legal"))

    def test_it_refuses_after_revocation(self):
        consenting.revoke_consent(
            self.family, revoked_on=timezone.localdate(), how="in_person", by=self.cast.intake
        )
        decision = consent_allows(
            self.cast.client, "Maria Castillo", "attendance", "family_support"
        )
        self.assertFalse(decision)
        self.assertIn("revoked", decision.reason)

    def test_it_answers_for_a_day_before_the_revocation(self):
        consenting.revoke_consent(
            self.family, revoked_on=timezone.localdate(), how="in_person", by=self.cast.intake
        )
        self.assertTrue(
            consent_allows(
                self.cast.client, "Maria Castillo", "attendance", "family_support", on=days_ago(1)
            )
        )

    def test_it_refuses_counseling_notes_under_a_general_consent(self):
        self.assertFalse(
            consent_allows(self.cast.client, "Maria Castillo", "counseling_notes", "family_support")
        )

    def test_it_lets_a_tpo_consent_cover_its_class_of_recipients(self):
        make_consent(self.cast.client, self.cast.clinician, tpo=True, categories=["diagnoses"])
        insurer = Recipient("Blue Plan", kind="insurer")
        self.assertTrue(consent_allows(self.cast.client, insurer, "diagnoses", "payment"))
        self.assertFalse(consent_allows(self.cast.client, "Blue Plan", "diagnoses", "payment"))
        family = Recipient("Ana Castillo", kind="family")
        self.assertFalse(consent_allows(self.cast.client, family, "diagnoses", "family_support"))

    def test_it_lets_a_request_of_the_client_cover_any_purpose_for_that_recipient(self):
        make_consent(
            self.cast.client,
            self.cast.clinician,
            recipient_name="Sam Ortiz",
            recipient_kind="sober_support",
            purpose="patient_request",
            categories=["demographics"],
        )
        self.assertTrue(
            consent_allows(self.cast.client, "Sam Ortiz", "demographics", "family_support")
        )

    def test_it_refuses_an_unknown_category(self):
        with self.assertRaises(ValueError):
            consent_allows(self.cast.client, "Maria Castillo", "gossip", "family_support")
