"""Does a consent cover a disclosure? One set of rules for every caller: preparing a records
package, the portal's family access, contacting sober-support people (issue 12, point 5).

``consent_allows(client, recipient, category, purpose, on=None)`` is the entry point for other
apps (see README). A consent covers a disclosure on a day when:

1. it has every required element (``elements.missing_elements``);
2. it is signed on or before that day, not voided, not revoked (a revocation takes effect at
   once, from its date), and not expired (after its expiry date, or after the end of the
   episode of care for "end of treatment");
3. it names the recipient — the very person on the client's contact list when the consent is
   linked to a contact and asked about a contact; otherwise by name (case, spacing and
   punctuation ignored), or, for a single TPO consent, by class: treating providers, referring
   programs, health plans and payers;
4. its purpose is the disclosure's — a TPO consent covers treatment, payment and operations;
   a consent "at the request of the client" covers whatever the client asks of that recipient;
5. it allows the category — SUD counseling notes only under a consent for them alone;
6. and, for a records package, the records' dates fall within the dates it allows.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from cairn.consents.categories import Period
from cairn.consents.elements import ELEMENT_LABELS, Element, missing_elements
from cairn.consents.models import Consent
from cairn.consents.vocabulary import (
    CATEGORIES,
    COUNSELING_NOTES,
    TPO_PURPOSES,
    TPO_RECIPIENT_KINDS,
    Purpose,
    RecipientKind,
    labels,
)

#: A contact's kind (clients.Contact.Kind) → the consent's recipient kind.
CONTACT_KINDS = {
    "family": RecipientKind.FAMILY,
    "sober_support": RecipientKind.SOBER_SUPPORT,
    "friend": RecipientKind.FRIEND,
    "professional": RecipientKind.OTHER,
    "other": RecipientKind.OTHER,
}


@dataclass(frozen=True)
class Recipient:
    """Who would receive the information: a name, and (for TPO consents) what kind of
    recipient it is. ``as_recipient`` makes one from a string or a client's contact."""

    name: str
    kind: str = ""
    organization: str = ""
    contact_id: int | None = None  # a clients.Contact: matched exactly, not by name

    @property
    def keys(self) -> set[str]:
        return {k for k in (name_key(self.name), name_key(self.organization)) if k}


def name_key(text: str) -> str:
    """A name for matching: accents, case, punctuation and spacing ignored; a parenthesized
    relationship ("Maria Castillo (mother)") left out."""
    text = re.sub(r"\(.*?\)", " ", text or "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def as_recipient(recipient) -> Recipient:
    """A ``Recipient`` from a ``Recipient``, a name, or an object with ``name`` (and perhaps
    ``kind``, ``organization``) such as ``clients.Contact``."""
    if isinstance(recipient, Recipient):
        return recipient
    if isinstance(recipient, str):
        return Recipient(name=recipient)
    name = getattr(recipient, "name", "") or getattr(recipient, "display_name", "")
    kind = getattr(recipient, "kind", "") or ""
    is_contact = getattr(getattr(recipient, "_meta", None), "label_lower", "") == "clients.contact"
    return Recipient(
        name=str(name),
        kind=CONTACT_KINDS.get(kind, kind),
        organization=getattr(recipient, "organization", "") or "",
        contact_id=recipient.pk if is_contact else None,
    )


@dataclass
class Coverage:
    """The answer about one consent: ``covers`` and, when not, each ``reason`` in plain words
    (the first names the missing element or the rule that failed)."""

    consent: Consent
    reasons: list[str] = field(default_factory=list)
    missing: list[Element] = field(default_factory=list)

    @property
    def covers(self) -> bool:
        return not self.reasons

    def __bool__(self) -> bool:
        return self.covers


@dataclass
class Decision:
    """``consent_allows``'s answer: truthy when allowed, with the consent that allows it, or
    the reason nothing does."""

    allowed: bool
    consent: Consent | None = None
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def names_recipient(consent: Consent, recipient: Recipient) -> bool:
    """A consent linked to a contact names that contact whatever either's name says now (a
    namesake is not them); asked about a name, or unlinked, it goes by the names."""
    if consent.contact_id and recipient.contact_id:
        return consent.contact_id == recipient.contact_id
    if consent.is_tpo:
        return recipient.kind in TPO_RECIPIENT_KINDS or bool(
            recipient.keys & _consent_keys(consent)
        )
    return bool(recipient.keys & _consent_keys(consent))


def _consent_keys(consent: Consent) -> set[str]:
    return {name_key(consent.recipient_name), name_key(consent.recipient_organization)} - {""}


def serves_purpose(consent: Consent, purpose: str) -> bool:
    if consent.is_tpo:
        return purpose in TPO_PURPOSES
    if consent.purpose == Purpose.PATIENT_REQUEST:
        return purpose != Purpose.MEDICAL_EMERGENCY
    return consent.purpose == purpose


def in_effect(consent: Consent, on: date) -> list[str]:
    """Why ``consent`` is not in effect on ``on`` (empty when it is)."""
    missing = missing_elements(consent, today=on)
    reasons = [f"Missing {m.label}: {m.message}" for m in missing]
    status = consent.status_on(on)
    if status == Consent.Status.VOIDED:
        reasons.append("It was voided before it was signed.")
    elif status == Consent.Status.REVOKED:
        reasons.append(
            f"It was revoked on {consent.revoked_on:%b %-d, %Y} "
            f"({consent.get_revoked_how_display().lower()})."
        )
    elif status == Consent.Status.EXPIRED:
        reasons.append(f"It expired: {consent.expiry_label}.")
    elif status == Consent.Status.NOT_YET:
        reasons.append(f"It takes effect when signed, on {consent.signed_on:%b %-d, %Y}.")
    return list(dict.fromkeys(reasons))


def coverage(
    consent: Consent,
    *,
    recipient=None,
    purpose: str = "",
    categories=(),
    period: Period | None = None,
    on: date | None = None,
) -> Coverage:
    """Does ``consent`` cover disclosing ``categories`` (of records within ``period``) to
    ``recipient`` for ``purpose`` on ``on``? Each argument left out is not checked."""
    on = on or timezone.localdate()
    result = Coverage(consent)
    result.missing = [m.element for m in missing_elements(consent, today=on)]
    result.reasons = in_effect(consent, on)
    if recipient is not None:
        who = as_recipient(recipient)
        if not names_recipient(consent, who):
            result.reasons.append(f"It does not name {who.name or 'this recipient'}.")
    if purpose and not serves_purpose(consent, purpose):
        result.reasons.append(
            f"Its purpose is {consent.purpose_label.lower() or 'not stated'}, "
            f"not {Purpose(purpose).label.lower()}."
        )
    keys = set(categories)
    outside = keys - set(consent.categories or [])
    if outside:
        result.reasons.append(f"It does not allow {', '.join(labels(outside)).lower()}.")
    if COUNSELING_NOTES in keys and set(consent.categories or []) != {COUNSELING_NOTES}:
        result.reasons.append("SUD counseling notes need their own separate consent.")
    if period is not None:
        result.reasons += _period_reasons(consent, period)
    return result


def _period_reasons(consent: Consent, period: Period) -> list[str]:
    reasons = []
    if consent.records_from and (period.start is None or period.start < consent.records_from):
        reasons.append(f"It allows records from {consent.records_from:%b %-d, %Y} only.")
    if consent.records_to and (period.end is None or period.end > consent.records_to):
        reasons.append(f"It allows records up to {consent.records_to:%b %-d, %Y} only.")
    return reasons


def consents_of(client):
    """The client's consents, with what the rules read (one query)."""
    return Consent.objects.filter(client=client).select_related("client", "episode")


def covering_consents(
    client, recipient, purpose: str, *, categories=(), on: date | None = None
) -> tuple[list[Coverage], list[Coverage]]:
    """(covering, not covering) among the consents naming ``recipient``; the second list says
    why each falls short. Consents for other recipients are not listed."""
    who = as_recipient(recipient)
    covering, falling_short = [], []
    for consent in consents_of(client):
        if consent.voided_at or not names_recipient(consent, who):
            continue
        result = coverage(consent, recipient=who, purpose=purpose, categories=categories, on=on)
        (covering if result else falling_short).append(result)
    return covering, falling_short


def consent_allows(client, recipient, category: str, purpose: str, on: date | None = None):
    """May the program tell ``recipient`` about ``client``'s ``category`` records for
    ``purpose`` on ``on`` (today by default)?

    ``recipient`` is a name, a ``Recipient`` or a client's contact (anything with ``name``
    and perhaps ``kind``). ``category`` is a key of ``vocabulary.CATEGORIES`` — "demographics"
    covers telling someone that the client is in treatment here (contacting a sober-support
    person, for instance). Returns a ``Decision``: truthy with the consent that allows it, or
    falsy with the reason. Reads only; callers that then disclose record it themselves.
    """
    if category not in CATEGORIES:
        raise ValueError(f"Unknown category {category!r}")
    covering, falling_short = covering_consents(
        client, recipient, purpose, categories=[category], on=on
    )
    if covering:
        best = max(covering, key=lambda c: (c.consent.signed_on, c.consent.pk))
        return Decision(True, best.consent)
    who = as_recipient(recipient).name or "this recipient"
    if falling_short:
        return Decision(False, None, falling_short[0].reasons[0])
    return Decision(
        False,
        None,
        f"No consent names {who}: missing {ELEMENT_LABELS[Element.RECIPIENT]}.",
    )
