"""Factories for consents tests (plain ``make_*`` helpers with good defaults)."""

from datetime import timedelta

from django.utils import timezone

from cairn.consents import consenting
from cairn.consents.categories import Period
from cairn.consents.models import Consent
from cairn.consents.vocabulary import TPO_RECIPIENTS


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def consent_data(**overrides) -> dict:
    """What a family consent form holds once cleaned (everything but the signature)."""
    values = {
        "recipient_kind": "family",
        "recipient_name": "Maria Castillo (mother)",
        "recipient_organization": "",
        "recipient_contact": "",
        "is_tpo": False,
        "categories": ["demographics", "attendance", "medications"],
        "information_detail": "",
        "records_from": None,
        "records_to": None,
        "purpose": "family_support",
        "purpose_detail": "",
        "expires_on": timezone.localdate() + timedelta(days=180),
        "expiry_event": "",
        "expiry_event_detail": "",
    }
    values.update(overrides)
    return values


def make_consent(client, by, *, signed=True, signed_on=None, **overrides) -> Consent:
    """A consent written straight to the database (the rules are tested on their own):
    signed by the client ``signed_on`` (default 10 days ago) unless ``signed=False``."""
    values = {
        "client": client,
        "program_id": client.program_id,
        "discloser": client.program.name,
        "revocation_statement": "I may revoke this consent in writing at any time.",
        "prepared_by": by,
        **consent_data(),
    }
    values.pop("is_tpo")
    if overrides.pop("tpo", False):
        values.update(
            is_tpo=True,
            recipient_kind="tpo",
            recipient_name=TPO_RECIPIENTS,
            purpose="tpo",
            expires_on=None,
            expiry_event="none",
        )
    if signed:
        values.update(
            signer_kind="client",
            signer_name=f"{client.first_name} {client.last_name}",
            signature_attested=True,
            signature_method="on_screen",
            signed_on=signed_on or days_ago(10),
            signed_at=timezone.now(),
            signature_recorded_by=by,
        )
    values.update(overrides)
    return Consent.objects.create(**values)


def prepare(client, by, **overrides) -> Consent:
    return consenting.prepare_consent(client, consent_data(**overrides), by=by)


def sign(consent, by, **overrides) -> Consent:
    client = consent.client
    values = {
        "signer_kind": "client",
        "signer_name": f"{client.first_name} {client.last_name}",
        "attested": True,
        "by": by,
    }
    values.update(overrides)
    return consenting.sign_consent(consent, **values)


ALL_DATES = Period()
