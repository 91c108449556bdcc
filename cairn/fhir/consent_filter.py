"""Part 2 for API recipients (42 CFR 2.31, 2.33): a system client receives a client's records
only when one of that client's consents covers the client's recipient (its name and kind),
its purpose and the records' category today. The rules are the consents app's
(``consents.rules.coverage``); this module only evaluates them for many clients at once, with
one query for the program's consents (once per request: every category is decided from it)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from cairn.clients.models import Client, Episode
from cairn.consents.models import Consent
from cairn.consents.rules import Recipient, consent_allows, coverage, names_recipient
from cairn.consents.vocabulary import TPO_PURPOSES, ExpiryEvent, Purpose
from cairn.fhir.resources import door

#: What the rules read (``rules.coverage``, ``elements.missing_elements``, ``Consent.status_on``):
#: of the consent, of its client (the patient's name) and of its episode (the discharge date);
#: the rest (who prepared, recorded or voided it, when, notes) is not loaded. A test asserts the
#: one query, so a rule reading more would show.
CONSENT_READ = {
    *("id", "client", "episode", "discloser", "recipient_kind", "recipient_name"),
    *("recipient_organization", "contact", "is_tpo", "categories", "information_detail"),
    *("records_from", "records_to", "purpose", "purpose_detail", "expires_on", "expiry_event"),
    *("expiry_event_detail", "revocation_statement", "signer_kind", "signer_name"),
    *("representative_authority", "signature_attested", "signed_on", "revoked_on"),
    *("revoked_how", "voided_at"),
}
CLIENT_READ = {"id", "first_name", "last_name"}
EPISODE_READ = {"id", "discharged_on"}
DEFERRED = [f.name for f in Consent._meta.concrete_fields if f.name not in CONSENT_READ]
DEFERRED += [f"client__{f.name}" for f in Client._meta.concrete_fields if f.name not in CLIENT_READ]
DEFERRED += [
    f"episode__{f.name}" for f in Episode._meta.concrete_fields if f.name not in EPISODE_READ
]


def may_cover(on, purpose: str) -> Q:
    """A narrowing in SQL, never a decision: every consent it leaves out is one ``coverage``
    refuses (not signed by ``on``, revoked or expired by then — by date or by the end of its
    episode — or for a purpose it does not serve, ``rules.serves_purpose``). ``coverage`` still
    decides on every consent loaded; a test checks both give the same clients."""
    in_effect = (
        Q(signed_on__lte=on)
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        & ~Q(expiry_event=ExpiryEvent.END_OF_TREATMENT, episode__discharged_on__lt=on)
    )
    purposes = (
        [purpose] if purpose == Purpose.MEDICAL_EMERGENCY else [purpose, Purpose.PATIENT_REQUEST]
    )
    serves = Q(is_tpo=False, purpose__in=purposes)
    if purpose in TPO_PURPOSES:
        serves |= Q(is_tpo=True)
    return in_effect & serves


class ConsentFilter:
    """Per request: which clients' records of a category the system client may receive."""

    def __init__(self, principal, system_client):
        self.principal = principal
        self.system_client = system_client
        self.recipient = Recipient(system_client.name, system_client.recipient_kind)
        self.purpose = system_client.purpose
        self.today = timezone.localdate()
        self._consents = None
        self._allowed: dict[str, set[int]] = {}

    def _load(self):
        """The program's consents that may cover this recipient today, naming it."""
        if self._consents is None:
            found = (
                door(Consent, self.principal)
                .filter(signed_on__isnull=False, voided_at__isnull=True)
                .filter(may_cover(self.today, self.purpose))
                .select_related("client", "episode")
                .defer(*DEFERRED)
                .order_by()  # a set of clients comes out: no order needed
            )
            self._consents = [c for c in found if names_recipient(c, self.recipient)]
        return self._consents

    def allowed(self, category: str) -> set[int]:
        """Ids of the clients whose consents cover ``category`` for this recipient and purpose."""
        if category not in self._allowed:
            found: set[int] = set()
            for consent in self._load():
                # A consent without the category never covers it (``coverage`` says so too).
                if consent.client_id in found or category not in (consent.categories or []):
                    continue
                result = coverage(
                    consent,
                    recipient=self.recipient,
                    purpose=self.purpose,
                    categories=[category],
                    on=self.today,
                )
                if result:
                    found.add(consent.client_id)
            self._allowed[category] = found
        return self._allowed[category]

    def reason(self, client, category: str) -> str:
        """Why ``client``'s ``category`` records are withheld, in the consents app's words."""
        decision = consent_allows(client, self.recipient, category, self.purpose)
        return decision.reason or "No consent covers this disclosure."
