"""The consent filter narrows in SQL only what the rules refuse anyway: for consents of every
shape (signed or not yet, revoked, expired by date or by discharge, each purpose, named or
not, missing an element, voided), it gives exactly the clients that evaluating
``consents.rules.coverage`` on every signed consent of the program gives."""

from datetime import timedelta
from itertools import product
from types import SimpleNamespace

from django.utils import timezone

from cairn.accounts import access
from cairn.consents.models import Consent
from cairn.consents.rules import Recipient, coverage, names_recipient
from cairn.consents.tests.factories import make_consent
from cairn.fhir.consent_filter import ConsentFilter
from cairn.fhir.tests.base import FhirTestCase
from cairn.testing.factories import make_client, make_episode

CATEGORIES = ["demographics", "attendance", "medications", "counseling_notes", "drug_screens"]


def reference(program_id, recipient, purpose, category) -> set[int]:
    """The filter as it was written first: every signed, unvoided consent, judged in Python."""
    today = timezone.localdate()
    found = set()
    consents = Consent.objects.filter(
        client__program_id=program_id, signed_on__isnull=False, voided_at__isnull=True
    ).select_related("client", "episode")
    for consent in consents:
        if consent.client_id in found or not names_recipient(consent, recipient):
            continue
        if coverage(consent, recipient=recipient, purpose=purpose, categories=[category], on=today):
            found.add(consent.client_id)
    return found


class ConsentFilterTest(FhirTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        today = timezone.localdate()
        day = timedelta(days=1)
        by = cast.clinician
        track = cast.client.episodes.first().track
        n = 0

        def client():
            nonlocal n
            n += 1
            return make_client(cast.program, first_name=f"Shape{n}", last_name="Client")

        # Dates: signed, revoked and expiring yesterday, today or tomorrow (or never).
        for signed_on, revoked_on, expires_on in product(
            [today - 10 * day, today, today + day],
            [None, today - day, today, today + day],
            [None, today - day, today, today + day],
        ):
            if (expires_on and expires_on < signed_on) or (revoked_on and revoked_on < signed_on):
                continue  # the database refuses these
            for tpo in (True, False):
                extra = {"tpo": True} if tpo else {}
                extra.update(
                    recipient_name="Riverside Health Information Exchange",
                    recipient_kind="treating_provider",
                    purpose="treatment",
                    categories=["demographics", "attendance"],
                )
                if tpo:
                    extra.pop("recipient_name")
                    extra.pop("recipient_kind")
                    extra.pop("purpose")
                make_consent(
                    client(),
                    by,
                    signed_on=signed_on,
                    revoked_on=revoked_on,
                    expires_on=expires_on,
                    **extra,
                )
        # End of treatment: no episode, an open one, discharged yesterday, today, tomorrow.
        for discharged_on in ("none", None, today - day, today, today + day):
            owner = client()
            episode = None
            if discharged_on != "none":
                episode = make_episode(owner, track=track, discharged_on=discharged_on)
            make_consent(
                owner,
                by,
                episode=episode,
                expires_on=None,
                expiry_event="end_of_treatment",
                recipient_name="Riverside Health Information Exchange",
                recipient_kind="treating_provider",
                purpose="treatment",
            )
        # Every purpose, named or by another name, each category set.
        purposes = [
            "patient_request",
            "treatment",
            "payment",
            "operations",
            "family_support",
            "legal",
            "employment",
            "medical_emergency",
            "other",
        ]
        for purpose, name in product(
            purposes, ["Riverside Health Information Exchange", "Maria Castillo (mother)"]
        ):
            make_consent(
                client(),
                by,
                recipient_name=name,
                purpose=purpose,
                purpose_detail="Described" if purpose == "other" else "",
            )
        make_consent(client(), by, categories=["counseling_notes"], purpose="patient_request")
        make_consent(client(), by, tpo=True, categories=["counseling_notes", "demographics"])
        make_consent(client(), by, tpo=True, revocation_statement="")  # an element missing
        make_consent(client(), by, tpo=True, signed=False, voided_at=timezone.now())
        make_consent(client(), by, tpo=True, signed=False)
        cls.shapes = n

    def test_it_gives_the_clients_the_rules_give(self):
        recipients = [
            ("Riverside Health Information Exchange", "treating_provider", "treatment"),
            ("Riverside Health Information Exchange", "health_plan", "payment"),
            ("Riverside Health Information Exchange", "other", "patient_request"),
            ("Riverside Health Information Exchange", "other", "medical_emergency"),
            ("Maria Castillo (mother)", "family", "family_support"),
            ("Someone Else", "court", "legal"),
        ]
        principal = access.SystemPrincipal(self.cast.program.pk, "Riverside")
        compared = 0
        for name, kind, purpose in recipients:
            system = SimpleNamespace(name=name, recipient_kind=kind, purpose=purpose)
            found = ConsentFilter(principal, system)
            for category in CATEGORIES:
                with self.subTest(recipient=name, purpose=purpose, category=category):
                    expected = reference(
                        self.cast.program.pk, Recipient(name, kind), purpose, category
                    )
                    self.assertEqual(found.allowed(category), expected)
                    compared += len(expected)
        self.assertGreater(compared, 20)  # the shapes do cover someone

    def test_it_reads_the_consents_once_per_request(self):
        principal = access.SystemPrincipal(self.cast.program.pk, "Riverside")
        found = ConsentFilter(principal, self.system)
        with self.assertNumQueries(1):
            for category in CATEGORIES:
                found.allowed(category)
