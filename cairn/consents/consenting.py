"""Writing consents: prepare, sign, revoke, void. Each is one transaction with its audit event
(STYLE.md convention 2); a refusal raises ``ValidationError`` with the message on the field
that holds the missing element, and writes nothing.

The portal will call ``sign_consent(..., method=SignatureMethod.PORTAL, by=<portal user>)`` and
``revoke_consent(..., how=RevocationHow.PORTAL)`` — the same rules as on staff screens.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.clients.models import Episode
from cairn.consents.elements import SIGNATURE_ELEMENTS, as_field_errors, missing_elements
from cairn.consents.models import Consent
from cairn.consents.rules import name_key
from cairn.consents.vocabulary import (
    TPO_RECIPIENTS,
    ExpiryEvent,
    RecipientKind,
    RevocationHow,
    SignatureMethod,
    SignerKind,
    discloser,
    ordered,
    revocation_statement,
)

#: Fields of a consent that staff fill in when preparing it.
CONTENT_FIELDS = (
    "preset",
    "discloser",
    "recipient_kind",
    "recipient_name",
    "recipient_organization",
    "recipient_contact",
    "contact",
    "is_tpo",
    "categories",
    "information_detail",
    "records_from",
    "records_to",
    "purpose",
    "purpose_detail",
    "expires_on",
    "expiry_event",
    "expiry_event_detail",
    "revocation_statement",
)


def new_consent(client, **values) -> Consent:
    """An unsaved consent for ``client`` with the program's defaults (who may disclose, the
    right to revoke) under ``values``."""
    consent = Consent(
        client=client,
        program_id=client.program_id,
        discloser=discloser(client.program),
        revocation_statement=revocation_statement(client.program),
    )
    for name, value in values.items():
        setattr(consent, name, value)
    return consent


def _active_episode(client) -> Episode | None:
    return client.episodes.filter(status=Episode.Status.ACTIVE).first()


def prepare_consent(client, data: dict, *, by, request=None) -> Consent:
    """Record a consent ready for signature. Every required element but the signature must be
    there (42 CFR 2.31(a)); a TPO consent names its class of recipients in the rule's words."""
    values = {k: v for k, v in data.items() if k in CONTENT_FIELDS}
    consent = new_consent(client, **values)
    consent.categories = ordered(consent.categories or [])
    if consent.is_tpo:
        consent.recipient_kind = RecipientKind.TPO_CLASS
        consent.recipient_name = TPO_RECIPIENTS
        consent.contact = None
    if consent.expiry_event == ExpiryEvent.END_OF_TREATMENT:
        consent.episode = _active_episode(client)
    if consent.expiry_event != ExpiryEvent.OTHER:
        consent.expiry_event_detail = ""
    errors = as_field_errors(missing_elements(consent, signature=False))
    if consent.records_from and consent.records_to and consent.records_to < consent.records_from:
        errors.setdefault("records_to", []).append("The end is before the start.")
    for field, message in _contact_errors(client, consent).items():
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent.prepared_by = by
        consent.prepared_at = timezone.now()
        consent.save()
        record(
            "consent.prepare",
            request=request,
            actor=by,
            obj=consent,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"categories": consent.categories, "purpose": consent.purpose},
        )
    return consent


def _contact_errors(client, consent: Consent) -> dict[str, str]:
    """A consent linked to a contact names that contact, of this client, in its words too."""
    contact = consent.contact
    if contact is None:
        return {}
    if contact.client_id != client.pk or not contact.active:
        return {"contact": "Choose one of this client's current contacts."}
    named = set(name_key(consent.recipient_name).split())
    if consent.recipient_name.strip() and not set(name_key(contact.name).split()) <= named:
        return {
            "recipient_name": f"The recipient chosen from the contacts is {contact.name}: "
            "write that name here, or choose no contact."
        }
    return {}


def _signature_errors(consent: Consent, signed_on: date, today: date) -> dict[str, str]:
    """The signature's own checks, each on its field of the signing form."""
    errors: dict[str, str] = {}
    client = consent.client
    if consent.signer_kind not in SignerKind.values:
        errors["signer_kind"] = "Say who signs: the client or an authorized representative."
    if not consent.signer_name:
        errors["signer_name"] = "Type the full name of the person signing."
    elif consent.signer_kind == SignerKind.CLIENT:
        typed = set(name_key(consent.signer_name).split())
        wanted = set(name_key(f"{client.first_name} {client.last_name}").split())
        if not wanted <= typed:
            errors["signer_name"] = (
                f"Type the client's full name as on the record: "
                f"{client.first_name} {client.last_name}."
            )
    if consent.signer_kind == SignerKind.REPRESENTATIVE and not consent.representative_authority:
        errors["representative_authority"] = (
            "Say what authority the representative has to sign for the client."
        )
    if not consent.signature_attested:
        errors["attested"] = "Tick the box to confirm the consent was read and is signed."
    if signed_on > today:
        errors["signed_on"] = "The date of the signature can't be in the future."
    return errors


def sign_consent(
    consent: Consent,
    *,
    signer_kind: str,
    signer_name: str,
    attested: bool,
    by,
    method: str = SignatureMethod.ON_SCREEN,
    representative_authority: str = "",
    signed_on: date | None = None,
    request=None,
) -> Consent:
    """Sign a prepared consent: the client (typed full name and a confirmation) or an
    authorized representative with their authority. On screen and in the portal the date is
    today; a paper signature carries the date written on it, never a future one. The whole
    consent is checked again, so an expiry date already past refuses the signature."""
    today = timezone.localdate()
    signed_on = today if method != SignatureMethod.PAPER or signed_on is None else signed_on
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("client")
            .get(pk=consent.pk)
        )
        if consent.voided_at:
            raise ValidationError("This consent was voided; prepare a new one.")
        if consent.is_signed:
            raise ValidationError("This consent is already signed.")
        consent.signer_kind = signer_kind
        consent.signer_name = signer_name.strip()
        consent.signature_attested = bool(attested)
        consent.representative_authority = (
            representative_authority.strip() if signer_kind == SignerKind.REPRESENTATIVE else ""
        )
        consent.signature_method = method
        consent.signed_on = signed_on
        content = missing_elements(consent, today=today)
        errors = as_field_errors([m for m in content if m.element not in SIGNATURE_ELEMENTS])
        for field, text in _signature_errors(consent, signed_on, today).items():
            errors.setdefault(field, []).append(text)
        if errors:
            raise ValidationError(errors)
        consent.signed_at = timezone.now()
        consent.signature_recorded_by = by
        consent.save()
        record(
            "consent.sign",
            request=request,
            actor=by,
            obj=consent,
            client_id=consent.client_id,
            program_id=consent.program_id,
            detail={"signer": signer_kind, "method": method},
        )
    return consent


def revoke_consent(
    consent: Consent, *, revoked_on: date, how: str, by, note: str = "", request=None
) -> Consent:
    """Record a written revocation (date and how it was received). It takes effect at once:
    every later disclosure under the consent is refused; disclosures already made stay in the
    accounting (42 CFR 2.31(a)(6))."""
    errors: dict = {}
    today = timezone.localdate()
    if how not in RevocationHow.values:
        errors["how"] = ["Say how the written revocation was received."]
    if revoked_on > today:
        errors["revoked_on"] = ["The revocation can't be dated in the future."]
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if not consent.is_signed:
            raise ValidationError("Only a signed consent can be revoked; void this one instead.")
        if consent.revoked_on:
            raise ValidationError(f"Already revoked on {consent.revoked_on:%b %-d, %Y}.")
        if revoked_on < consent.signed_on:
            errors["revoked_on"] = ["The revocation can't be dated before the signature."]
        if errors:
            raise ValidationError(errors)
        consent.revoked_on = revoked_on
        consent.revoked_how = how
        consent.revocation_note = note.strip()
        consent.revocation_recorded_at = timezone.now()
        consent.revocation_recorded_by = by
        consent.save(update_fields=sorted(Consent.MUTABLE_FIELDS - {"revocation_recorded_by_id"}))
        record(
            "consent.revoke",
            request=request,
            actor=by,
            obj=consent,
            client_id=consent.client_id,
            program_id=consent.program_id,
            detail={"how": how, "revoked_on": revoked_on.isoformat()},
        )
    return consent


def void_consent(consent: Consent, *, by, reason: str, request=None) -> Consent:
    """Set aside a consent that was prepared but will not be signed (kept, never deleted)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why it won't be signed."})
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.is_signed:
            raise ValidationError("A signed consent is revoked, not voided.")
        if consent.voided_at:
            return consent
        consent.voided_at = timezone.now()
        consent.voided_by = by
        consent.void_reason = reason.strip()
        consent.save()
        record(
            "consent.void",
            request=request,
            actor=by,
            obj=consent,
            client_id=consent.client_id,
            program_id=consent.program_id,
        )
    return consent
