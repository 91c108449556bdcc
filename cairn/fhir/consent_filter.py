"""Part 2 for API recipients (42 CFR 2.31, 2.33): a system client receives a client's records
only when one of that client's consents covers the client's recipient (its name and kind),
its purpose and the records' category today. The rules are the consents app's
(``consents.rules.coverage``); this module only evaluates them for many clients at once, with
one query for the program's consents."""

from __future__ import annotations

from django.utils import timezone

from cairn.consents.models import Consent
from cairn.consents.rules import Recipient, consent_allows, coverage, names_recipient
from cairn.fhir.resources import door


class ConsentFilter:
    """Per request: which clients' records of a category the system client may receive."""

    def __init__(self, principal, system_client):
        self.principal = principal
        self.system_client = system_client
        self.recipient = Recipient(system_client.name, system_client.recipient_kind)
        self.purpose = system_client.purpose
        self._consents = None
        self._allowed: dict[str, set[int]] = {}

    def _load(self):
        if self._consents is None:
            self._consents = list(
                door(Consent, self.principal)
                .filter(signed_on__isnull=False, voided_at__isnull=True)
                .select_related("client", "episode", "contact")
            )
        return self._consents

    def allowed(self, category: str) -> set[int]:
        """Ids of the clients whose consents cover ``category`` for this recipient and purpose."""
        if category not in self._allowed:
            today = timezone.localdate()
            found: set[int] = set()
            for consent in self._load():
                if consent.client_id in found or not names_recipient(consent, self.recipient):
                    continue
                result = coverage(
                    consent,
                    recipient=self.recipient,
                    purpose=self.purpose,
                    categories=[category],
                    on=today,
                )
                if result:
                    found.add(consent.client_id)
            self._allowed[category] = found
        return self._allowed[category]

    def reason(self, client, category: str) -> str:
        """Why ``client``'s ``category`` records are withheld, in the consents app's words."""
        decision = consent_allows(client, self.recipient, category, self.purpose)
        return decision.reason or "No consent covers this disclosure."
