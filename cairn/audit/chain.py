"""Appending to and verifying the audit hash chain."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from cairn.audit.models import GENESIS_HASH, AuditEvent

#: Any constant works; it names the PostgreSQL advisory lock that orders appends.
_CHAIN_LOCK_KEY = 0x0CA1A0D17


def append(event: AuditEvent) -> AuditEvent:
    """Link ``event`` to the newest event and store it, atomically.

    On PostgreSQL an advisory transaction lock serializes appends (held to the end of the
    surrounding transaction, so an event written inside a clinical change commits with it); on
    SQLite every transaction begins IMMEDIATE (settings.py), which does the same.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        newest = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = newest or GENESIS_HASH
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    problem: str

    def __str__(self) -> str:
        return f"audit event #{self.event_id}: {self.problem}"


def verify(events: Iterator[AuditEvent] | None = None) -> tuple[int, ChainBreak | None]:
    """Walk the chain oldest first; return (events checked, first break or None)."""
    if events is None:
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    expected_prev = GENESIS_HASH
    checked = 0
    for event in events:
        if event.prev_hash != expected_prev:
            problem = (
                "the chain does not start at the beginning (earlier events were removed)"
                if checked == 0
                else "does not follow the event before it (an event was removed or inserted)"
            )
            return checked, ChainBreak(event.pk, problem)
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(event.pk, "its contents were altered after it was written")
        expected_prev = event.hash
        checked += 1
    return checked, None
