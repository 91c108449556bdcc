"""Each required element of a consent (42 CFR 2.31(a)) missing → refused, naming it; nothing
written. Checked when the consent is prepared, when it is signed, and at every disclosure."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cairn.consents import disclosing
from cairn.consents.elements import ELEMENT_LABELS, Element, missing_elements
from cairn.consents.models import Consent, Disclosure
from cairn.consents.tests.factories import ALL_DATES, days_ago, make_consent, prepare, sign
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client

TODAY = timezone.localdate

#: element → (form values that leave it out, the field the refusal lands on, words it says)
CONTENT_ELEMENTS = {
    Element.DISCLOSER: ({"discloser": " "}, "discloser", "who may disclose"),
    Element.INFORMATION: ({"categories": []}, "categories", "at least one kind of information"),
    Element.RECIPIENT: ({"recipient_name": ""}, "recipient_name", "Name the recipient"),
    Element.PURPOSE: ({"purpose": ""}, "purpose", "purpose"),
    Element.REVOCATION: ({"revocation_statement": ""}, "revocation_statement", "revoke"),
    Element.EXPIRY: ({"expires_on": None, "expiry_event": ""}, "expires_on", "expiration"),
}


class PrepareTest(CastTestCase):
    def test_it_refuses_a_consent_missing_each_element_and_names_it(self):
        for element, (values, field, words) in CONTENT_ELEMENTS.items():
            with self.subTest(element=element):
                with self.assertRaises(ValidationError) as caught:
                    prepare(self.cast.client, self.cast.clinician, **values)
                self.assertIn(field, caught.exception.message_dict)
                self.assertIn(words.lower(), " ".join(caught.exception.message_dict[field]).lower())
        self.assertFalse(Consent.objects.exists())

    def test_it_refuses_a_client_without_a_name(self):
        nameless = make_client(self.cast.program, first_name=" ")
        with self.assertRaises(ValidationError):
            prepare(nameless, self.cast.clinician)
        self.assertFalse(Consent.objects.exists())

    def test_it_refuses_an_expiry_date_before_the_signature(self):
        with self.assertRaises(ValidationError) as caught:
            prepare(self.cast.client, self.cast.clinician, expires_on=TODAY() - timedelta(days=1))
        self.assertIn("before the date of the signature", str(caught.exception))

    def test_it_refuses_no_expiry_except_for_tpo(self):
        with self.assertRaises(ValidationError) as caught:
            prepare(self.cast.client, self.cast.clinician, expires_on=None, expiry_event="none")
        self.assertIn("only for a single TPO consent", str(caught.exception))

    def test_it_refuses_counseling_notes_combined_with_other_information(self):
        with self.assertRaises(ValidationError) as caught:
            prepare(
                self.cast.client,
                self.cast.clinician,
                categories=["progress_notes", "counseling_notes"],
            )
        self.assertIn("own separate consent", str(caught.exception))

    def test_it_refuses_another_purpose_without_words(self):
        with self.assertRaises(ValidationError) as caught:
            prepare(self.cast.client, self.cast.clinician, purpose="other")
        self.assertIn("Describe the purpose", str(caught.exception))

    def test_it_prepares_a_complete_consent_awaiting_signature(self):
        consent = prepare(self.cast.client, self.cast.clinician)
        self.assertEqual(consent.status, Consent.Status.AWAITING_SIGNATURE)
        self.assertEqual(
            [m.element for m in missing_elements(consent)],
            [Element.SIGNATURE, Element.SIGNATURE_DATE],
        )

    def test_it_words_a_tpo_consent_as_the_rule_does(self):
        consent = prepare(
            self.cast.client,
            self.cast.clinician,
            is_tpo=True,
            recipient_name="",
            purpose="tpo",
            expires_on=None,
            expiry_event="none",
        )
        self.assertIn("my treating providers, health plans", consent.recipient_name)

    def test_it_ties_end_of_treatment_to_the_open_episode(self):
        consent = prepare(
            self.cast.client, self.cast.clinician, expires_on=None, expiry_event="end_of_treatment"
        )
        self.assertEqual(consent.episode, self.cast.client.episodes.get())


class SignTest(CastTestCase):
    def setUp(self):
        self.consent = prepare(self.cast.client, self.cast.clinician)

    def refused(self, **values) -> dict:
        with self.assertRaises(ValidationError) as caught:
            sign(self.consent, self.cast.clinician, **values)
        self.consent.refresh_from_db()
        self.assertFalse(self.consent.is_signed)
        return caught.exception.message_dict

    def test_it_refuses_a_signature_without_a_name(self):
        self.assertIn("signer_name", self.refused(signer_name=""))

    def test_it_refuses_a_signature_not_confirmed(self):
        self.assertIn("attested", self.refused(attested=False))

    def test_it_refuses_a_name_that_is_not_the_clients(self):
        errors = self.refused(signer_name="Someone Else")
        self.assertIn("Robin Castillo", errors["signer_name"][0])

    def test_it_refuses_a_representative_without_their_authority(self):
        errors = self.refused(signer_kind="representative", signer_name="Ana Castillo")
        self.assertIn("authority", errors["representative_authority"][0])

    def test_it_refuses_a_paper_signature_dated_in_the_future(self):
        errors = self.refused(method="paper", signed_on=TODAY() + timedelta(days=1))
        self.assertIn("signed_on", errors)

    def test_it_refuses_to_sign_once_the_expiry_date_has_passed(self):
        stale = make_consent(
            self.cast.client, self.cast.clinician, signed=False, expires_on=days_ago(1)
        )
        with self.assertRaises(ValidationError) as caught:
            sign(stale, self.cast.clinician)
        self.assertIn("before the date of the signature", str(caught.exception))

    def test_it_signs_for_the_client_on_screen_today(self):
        consent = sign(self.consent, self.cast.clinician, signer_name="robin  CASTILLO")
        self.assertEqual(consent.signed_on, TODAY())
        self.assertEqual(consent.status, Consent.Status.ACTIVE)
        self.assertEqual(missing_elements(consent), [])

    def test_it_signs_for_a_representative_with_their_authority(self):
        consent = sign(
            self.consent,
            self.cast.clinician,
            signer_kind="representative",
            signer_name="Ana Castillo",
            representative_authority="Court-appointed guardian",
        )
        self.assertEqual(consent.representative_authority, "Court-appointed guardian")

    def test_it_records_a_paper_signature_with_its_date(self):
        consent = sign(self.consent, self.cast.clinician, method="paper", signed_on=days_ago(2))
        self.assertEqual(consent.signed_on, days_ago(2))


class DisclosureElementsTest(CastTestCase):
    """A consent that reached the database without an element is refused at disclosure."""

    def test_it_refuses_a_stored_consent_missing_each_element_and_names_it(self):
        cases = {
            Element.DISCLOSER: {"discloser": ""},
            Element.INFORMATION: {"categories": []},
            Element.RECIPIENT: {"recipient_name": ""},
            Element.PURPOSE: {"purpose": ""},
            Element.REVOCATION: {"revocation_statement": ""},
            Element.EXPIRY: {"expires_on": None, "expiry_event": ""},
            Element.SIGNATURE: {"signed": False},  # the database refuses half a signature
        }
        for element, overrides in cases.items():
            with self.subTest(element=element):
                consent = make_consent(self.cast.client, self.cast.clinician, **overrides)
                with self.assertRaises(disclosing.DisclosureRefused) as caught:
                    disclosing.release_with_consent(
                        self.cast.client,
                        consent,
                        categories=["demographics"],
                        period=ALL_DATES,
                        by=self.cast.clinician,
                    )
                self.assertIn(ELEMENT_LABELS[element], " ".join(caught.exception.reasons))
        self.assertFalse(Disclosure.objects.exists())
