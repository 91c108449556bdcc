"""The required elements of a written consent (42 CFR 2.31(a); ../shared/DOMAIN.md) and the
check that names the first missing one for each.

Used when a consent is prepared (everything but the signature), when it is signed (everything),
and again at the moment of every disclosure — a consent that reached the database some other
way is still refused, naming what it lacks.
"""

from dataclasses import dataclass
from enum import StrEnum

from cairn.consents.vocabulary import (
    CATEGORIES,
    COUNSELING_NOTES,
    ExpiryEvent,
    Purpose,
    RecipientKind,
    SignerKind,
)


class Element(StrEnum):
    PATIENT_NAME = "patient_name"
    DISCLOSER = "discloser"
    INFORMATION = "information"
    RECIPIENT = "recipient"
    PURPOSE = "purpose"
    REVOCATION = "revocation"
    EXPIRY = "expiry"
    SIGNATURE = "signature"
    SIGNATURE_DATE = "signature_date"


ELEMENT_LABELS = {
    Element.PATIENT_NAME: "the client's name",
    Element.DISCLOSER: "who may disclose",
    Element.INFORMATION: "a specific description of the information",
    Element.RECIPIENT: "the recipient",
    Element.PURPOSE: "the purpose",
    Element.REVOCATION: "the right to revoke in writing, and how",
    Element.EXPIRY: "an expiration date or event",
    Element.SIGNATURE: "the signature",
    Element.SIGNATURE_DATE: "the date of the signature",
}

#: The form field that holds each element (so a refusal lands on the right field).
ELEMENT_FIELDS = {
    Element.PATIENT_NAME: None,
    Element.DISCLOSER: "discloser",
    Element.INFORMATION: "categories",
    Element.RECIPIENT: "recipient_name",
    Element.PURPOSE: "purpose",
    Element.REVOCATION: "revocation_statement",
    Element.EXPIRY: "expires_on",
    Element.SIGNATURE: "signer_name",
    Element.SIGNATURE_DATE: "signed_on",
}

SIGNATURE_ELEMENTS = frozenset({Element.SIGNATURE, Element.SIGNATURE_DATE})


@dataclass(frozen=True)
class Missing:
    element: Element
    message: str

    @property
    def label(self) -> str:
        return ELEMENT_LABELS[self.element]

    @property
    def field(self) -> str | None:
        return ELEMENT_FIELDS[self.element]


def _information(consent) -> str:
    keys = list(consent.categories or [])
    if not keys:
        return "Choose at least one kind of information."
    unknown = [k for k in keys if k not in CATEGORIES]
    if unknown:
        return f"Unknown kind of information: {', '.join(unknown)}."
    if COUNSELING_NOTES in keys and len(set(keys)) > 1:
        return (
            "SUD counseling notes need their own separate consent: "
            "don't combine them with other information."
        )
    if consent.is_tpo and COUNSELING_NOTES in keys:
        return "A TPO consent cannot include SUD counseling notes; they need their own consent."
    return ""


def _recipient(consent) -> str:
    if not consent.recipient_kind:
        return "Say what kind of recipient this is."
    if consent.is_tpo:
        return ""
    if consent.recipient_kind == RecipientKind.TPO_CLASS:
        return "The TPO class of recipients needs a single TPO consent."
    if not (consent.recipient_name or "").strip():
        return "Name the recipient: a person or an organization."
    return ""


def _purpose(consent) -> str:
    if not consent.purpose:
        return "Choose the purpose of the disclosure."
    if consent.purpose == Purpose.MEDICAL_EMERGENCY:
        return "A medical emergency needs no consent; choose the purpose the client agreed to."
    if consent.purpose == Purpose.OTHER and not consent.purpose_detail.strip():
        return "Describe the purpose."
    if consent.is_tpo and consent.purpose != Purpose.TPO:
        return "A TPO consent's purpose is treatment, payment and health care operations."
    return ""


def _expiry(consent, today) -> str:
    event = consent.expiry_event
    if consent.expires_on and event:
        return "Give an expiration date or an event, not both."
    if not consent.expires_on and not event:
        return "Give an expiration date or event."
    if event == ExpiryEvent.NO_EXPIRY and not consent.is_tpo:
        return "“None” is allowed only for a single TPO consent; give a date or an event."
    if event == ExpiryEvent.OTHER and not consent.expiry_event_detail.strip():
        return "Describe the event that ends the consent."
    if event == ExpiryEvent.END_OF_TREATMENT and not consent.episode_id:
        return "The client has no open episode of care to end; give a date instead."
    if consent.expires_on:
        signed = consent.signed_on or today
        if consent.expires_on < signed:
            return "The expiration date is before the date of the signature."
    return ""


def _signature(consent) -> str:
    if not (consent.signer_name or "").strip() or not consent.signer_kind:
        return "The consent is not signed."
    if not consent.signature_attested:
        return "The signer must confirm they read and sign the consent."
    if (
        consent.signer_kind == SignerKind.REPRESENTATIVE
        and not (consent.representative_authority or "").strip()
    ):
        return "Say what authority the representative has to sign for the client."
    return ""


def missing_elements(consent, *, signature: bool = True, today=None) -> list[Missing]:
    """Every required element ``consent`` lacks, in the regulation's order. ``signature=False``
    leaves the signature and its date out (a consent being prepared)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    client = consent.client
    checks = [
        (
            Element.PATIENT_NAME,
            "" if client.first_name.strip() and client.last_name.strip() else "The client's name.",
        ),
        (
            Element.DISCLOSER,
            "" if (consent.discloser or "").strip() else "Say who may disclose (the program).",
        ),
        (Element.INFORMATION, _information(consent)),
        (Element.RECIPIENT, _recipient(consent)),
        (Element.PURPOSE, _purpose(consent)),
        (
            Element.REVOCATION,
            ""
            if (consent.revocation_statement or "").strip()
            else "State the right to revoke in writing, and how.",
        ),
        (Element.EXPIRY, _expiry(consent, today)),
    ]
    if signature:
        checks += [
            (Element.SIGNATURE, _signature(consent)),
            (
                Element.SIGNATURE_DATE,
                "" if consent.signed_on else "The signature has no date.",
            ),
        ]
    return [Missing(element, message) for element, message in checks if message]


def as_field_errors(missing: list[Missing]) -> dict:
    """For ``ValidationError``: each missing element's message on its form field."""
    errors: dict = {}
    for item in missing:
        errors.setdefault(item.field or "__all__", []).append(item.message)
    return errors
