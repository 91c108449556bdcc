"""Consent templates for common recipients, from ``data/presets.json`` (rules as data,
DESIGN.md principle 3). A broken file stops start-up with a message naming the entry."""

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from cairn.consents.vocabulary import (
    CATEGORIES,
    TPO_RECIPIENTS,
    ExpiryEvent,
    Purpose,
    RecipientKind,
)

DATA = Path(__file__).parent / "data" / "presets.json"


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    recipient_kind: str
    recipient_hint: str
    purpose: str
    categories: tuple[str, ...]
    information_detail: str = ""
    is_tpo: bool = False
    expiry: dict = field(default_factory=dict)

    def initial(self, today: date) -> dict:
        """Initial values of the consent form."""
        values = {
            "preset": self.key,
            "recipient_kind": self.recipient_kind,
            "purpose": self.purpose,
            "categories": list(self.categories),
            "information_detail": self.information_detail,
            "is_tpo": self.is_tpo,
        }
        if self.is_tpo:
            values["recipient_name"] = TPO_RECIPIENTS
        if "months" in self.expiry:
            values["expires_on"] = _add_months(today, int(self.expiry["months"]))
        elif "event" in self.expiry:
            values["expiry_event"] = self.expiry["event"]
            values["expiry_event_detail"] = self.expiry.get("detail", "")
        return values


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _check(entry: dict) -> Preset:
    key = entry.get("key", "?")

    def fail(message):
        raise ImproperlyConfigured(f"{DATA.name}, preset {key!r}: {message}")

    if entry.get("recipient_kind") not in RecipientKind.values:
        fail(f"recipient_kind must be one of {RecipientKind.values}")
    if entry.get("purpose") and entry["purpose"] not in Purpose.values:
        fail(f"purpose must be one of {Purpose.values}")
    unknown = set(entry.get("categories", [])) - set(CATEGORIES)
    if unknown:
        fail(f"unknown categories {sorted(unknown)}")
    expiry = entry.get("expiry", {})
    if "event" in expiry and expiry["event"] not in ExpiryEvent.values:
        fail(f"expiry event must be one of {ExpiryEvent.values}")
    try:
        return Preset(
            key=entry["key"],
            label=entry["label"],
            recipient_kind=entry["recipient_kind"],
            recipient_hint=entry.get("recipient_hint", ""),
            purpose=entry.get("purpose", ""),
            categories=tuple(entry.get("categories", [])),
            information_detail=entry.get("information_detail", ""),
            is_tpo=bool(entry.get("is_tpo", False)),
            expiry=expiry,
        )
    except KeyError as missing:
        fail(f"missing {missing}")


@cache
def presets() -> dict[str, Preset]:
    try:
        raw = json.loads(DATA.read_text())
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"{DATA.name}: {error}") from error
    return {p.key: p for p in (_check(entry) for entry in raw["presets"])}
