"""A consent may name someone on the client's contact list: the preparing page offers the
contacts, the link is checked, and ``consent_allows`` matches that very person."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from cairn.consents import consenting
from cairn.consents.models import Consent
from cairn.consents.rules import consent_allows
from cairn.consents.tests.factories import consent_data, make_consent
from cairn.consents.tests.test_views import consent_post
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_contact


class ConsentAllowsContactTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sister = make_contact(cls.cast.client, name="Lee Castillo", relationship="sister")
        cls.namesake = make_contact(
            cls.cast.client, name="Lee Castillo", relationship="cousin", kind="other"
        )

    def allows(self, recipient):
        return consent_allows(self.cast.client, recipient, "attendance", "family_support")

    def test_it_allows_the_linked_contact(self):
        consent = make_consent(
            self.cast.client,
            self.cast.clinician,
            recipient_name="Lee Castillo (sister)",
            contact=self.sister,
        )
        decision = self.allows(self.sister)
        self.assertTrue(decision)
        self.assertEqual(decision.consent, consent)

    def test_it_still_allows_the_linked_contact_after_a_change_of_name(self):
        make_consent(
            self.cast.client,
            self.cast.clinician,
            recipient_name="Lee Castillo (sister)",
            contact=self.sister,
        )
        self.sister.name = "Lee Moreno"
        self.sister.save()
        self.assertTrue(self.allows(self.sister))

    def test_it_does_not_allow_a_namesake_on_the_contact_list(self):
        make_consent(
            self.cast.client,
            self.cast.clinician,
            recipient_name="Lee Castillo (sister)",
            contact=self.sister,
        )
        decision = self.allows(self.namesake)
        self.assertFalse(decision)
        self.assertIn("No consent names Lee Castillo", decision.reason)

    def test_it_matches_a_consent_without_a_contact_by_name(self):
        make_consent(self.cast.client, self.cast.clinician, recipient_name="Lee Castillo (sister)")
        self.assertTrue(self.allows(self.sister))
        self.assertTrue(self.allows("Lee Castillo"))


class PrepareWithContactTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sister = make_contact(
            cls.cast.client, name="Lee Castillo", relationship="sister", phone="555-0199"
        )
        cls.removed = make_contact(cls.cast.client, name="Old Friend", active=False)
        cls.foreign = make_contact(cls.cast.other_client, name="Someone Else")

    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse("consents:new", args=[self.cast.client.pk]) + "?template=family"

    def test_it_offers_the_clients_current_contacts(self):
        page = self.client.get(self.url)
        self.assertContains(page, "From the client&#x27;s contacts")
        self.assertContains(page, "Lee Castillo (sister)")
        self.assertNotContains(page, "Old Friend")
        self.assertNotContains(page, "Someone Else")

    def test_it_names_the_chosen_contact_when_the_recipient_is_left_empty(self):
        post = consent_post(contact=str(self.sister.pk), recipient_name="", recipient_kind="other")
        self.client.post(self.url, post)
        consent = Consent.objects.get()
        self.assertEqual(consent.contact, self.sister)
        self.assertEqual(consent.recipient_name, "Lee Castillo (sister)")
        self.assertEqual(consent.recipient_kind, "family")
        self.assertEqual(consent.recipient_contact, "555-0199")

    def test_it_refuses_another_clients_contact(self):
        response = self.client.post(self.url, consent_post(contact=str(self.foreign.pk)))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertFalse(Consent.objects.exists())

    def test_it_refuses_a_name_that_is_not_the_contacts(self):
        response = self.client.post(
            self.url, consent_post(contact=str(self.sister.pk), recipient_name="Maria Castillo")
        )
        self.assertContains(response, "is Lee Castillo: write that name here", status_code=400)
        self.assertFalse(Consent.objects.exists())

    def test_the_operation_refuses_a_contact_of_another_client_or_removed(self):
        for contact in (self.foreign, self.removed):
            with self.subTest(contact=contact.name), self.assertRaises(ValidationError) as caught:
                consenting.prepare_consent(
                    self.cast.client,
                    consent_data(contact=contact, recipient_name=contact.name),
                    by=self.cast.clinician,
                )
            self.assertIn("contact", caught.exception.message_dict)
        self.assertFalse(Consent.objects.exists())

    def test_a_tpo_consent_names_no_contact(self):
        page = self.client.get(
            reverse("consents:new", args=[self.cast.client.pk]) + "?template=insurer_tpo"
        )
        self.assertNotContains(page, "From the client&#x27;s contacts")
