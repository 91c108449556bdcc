"""The accounting of disclosures lists exactly what was released in the past three years."""

import contextlib
from datetime import timedelta

from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.consents import accounting, consenting, disclosing
from cairn.consents.models import Disclosure
from cairn.consents.tests.factories import ALL_DATES, make_consent
from cairn.consents.tests.records import give_records
from cairn.testing.cases import CastTestCase


class AccountingTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        give_records(cls.cast)
        c = cls.cast
        consent = make_consent(c.client, c.clinician)
        cls.first = disclosing.release_with_consent(
            c.client, consent, categories=["attendance"], period=ALL_DATES, by=c.clinician
        )
        cls.second = disclosing.release_with_consent(
            c.client, consent, categories=["medications"], period=ALL_DATES, by=c.director
        )
        consenting.revoke_consent(
            consent, revoked_on=timezone.localdate(), how="letter", by=c.intake
        )
        with contextlib.suppress(disclosing.DisclosureRefused):
            disclosing.release_with_consent(
                c.client, consent, categories=["attendance"], period=ALL_DATES, by=c.clinician
            )
        cls.emergency = disclosing.release_in_emergency(
            c.client,
            recipient_name="Dr. Ray",
            recipient_organization="County ER",
            reason="Overdose",
            categories=["medications"],
            period=ALL_DATES,
            by=c.clinician,
        )
        other = make_consent(c.other_client, c.clinician, recipient_name="Lee Lind")
        disclosing.release_with_consent(
            c.other_client, other, categories=["demographics"], period=ALL_DATES, by=c.clinician
        )

    def test_it_lists_exactly_what_was_released(self):
        lines = accounting.accounting_for(self.cast.client)
        self.assertEqual(
            [line.disclosure_id for line in lines],
            [self.emergency.pk, self.second.pk, self.first.pk],
        )
        first = lines[-1]
        self.assertEqual(first.recipient, "Maria Castillo (mother)")
        self.assertEqual(first.purpose, "Family involvement and recovery support")
        self.assertIn("Attendance and dates", first.description)
        self.assertNotIn("Medications", first.description)
        self.assertTrue(lines[0].emergency)

    def test_it_keeps_disclosures_made_before_the_revocation(self):
        self.assertIn(
            self.first.pk,
            [line.disclosure_id for line in accounting.accounting_for(self.cast.client)],
        )

    def test_it_leaves_out_disclosures_older_than_three_years(self):
        later = timezone.localdate() + timedelta(days=3 * 366)
        self.assertEqual(accounting.accounting_for(self.cast.client, on=later), [])

    def test_it_audits_the_request(self):
        lines = accounting.request_accounting(self.cast.client, by=self.cast.portal)
        self.assertEqual(len(lines), 3)
        event = AuditEvent.objects.get(action="consents.accounting")
        self.assertEqual(event.actor_kind, "client")
        self.assertEqual(event.detail, {"lines": 3})

    def test_it_counts_every_disclosure_in_the_database(self):
        self.assertEqual(Disclosure.objects.filter(client=self.cast.client).count(), 3)
