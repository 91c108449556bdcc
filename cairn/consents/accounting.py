"""The accounting of disclosures (42 CFR 2.25; HIPAA 45 CFR 164.528): every disclosure of the
client's records in the past three years — date, recipient, what, purpose.

Disclosures made with consent are what the rule requires; emergency disclosures are listed too
(marked), so the client sees everything that left. ``accounting_for`` only reads;
``request_accounting`` reads and audits — the portal will call it when the client asks.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from cairn.audit.log import record
from cairn.consents.models import Disclosure

YEARS = 3


@dataclass(frozen=True)
class Line:
    released_at: datetime
    recipient: str
    description: str
    purpose: str
    emergency: bool
    reference: str
    consent_id: int | None
    disclosure_id: int


def since(on: date) -> date:
    try:
        return on.replace(year=on.year - YEARS)
    except ValueError:  # February 29
        return on.replace(year=on.year - YEARS, day=28)


def accounting_for(client, *, on: date | None = None) -> list[Line]:
    """The client's disclosures released on or after three years before ``on``, newest first
    (one query)."""
    on = on or timezone.localdate()
    start = timezone.make_aware(datetime.combine(since(on), datetime.min.time()))
    rows = Disclosure.objects.filter(client=client, released_at__gte=start).order_by(
        "-released_at", "-id"
    )
    return [
        Line(
            released_at=d.released_at,
            recipient=d.recipient_label,
            description=d.description,
            purpose=d.purpose_label,
            emergency=d.is_emergency,
            reference=d.reference,
            consent_id=d.consent_id,
            disclosure_id=d.pk,
        )
        for d in rows.defer("package_pdf", "manifest")
    ]


def request_accounting(client, *, by, request=None, on: date | None = None) -> list[Line]:
    """The accounting, audited as provided to whoever asked (staff printing it, or the client
    in the portal)."""
    lines = accounting_for(client, on=on)
    record(
        "consents.accounting",
        request=request,
        actor=by,
        client_id=client.pk,
        program_id=client.program_id,
        detail={"lines": len(lines)},
    )
    return lines
