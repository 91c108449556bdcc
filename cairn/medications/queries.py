"""Read-side queries for the chart tabs. Every function takes a client the door has already
authorized (``access.client_for``), so each query is confined to that client's rows and makes
a fixed number of SQL queries whatever the amount of data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from cairn.medications.catalog import catalog
from cairn.medications.models import (
    Allergy,
    Classification,
    DrugScreen,
    Medication,
    RecoveryDate,
    Result,
    ScreenResult,
)


def medication_lists(client, today: date | None = None) -> tuple[list, list]:
    """(current, past): current = not in error and not stopped before today (includes ones
    starting later); past = stopped or entered in error, newest first."""
    today = today or timezone.localdate()
    rows = list(
        client.medications.select_related("prescriber", "replaces").order_by(
            "-is_mat", "name", "-start_date"
        )
    )
    current = [
        m for m in rows if not m.entered_in_error and (m.stop_date is None or m.stop_date >= today)
    ]
    past = sorted(
        (m for m in rows if m not in current),
        key=lambda m: m.stop_date or m.start_date,
        reverse=True,
    )
    return current, past


def allergy_lists(client) -> tuple[list, list]:
    rows = list(client.allergies.all())
    active = [a for a in rows if a.status == Allergy.Status.ACTIVE]
    return active, [a for a in rows if a.status != Allergy.Status.ACTIVE]


@dataclass
class Recovery:
    current: RecoveryDate | None
    days: int | None


def recovery(client) -> Recovery:
    current = client.recovery_dates.select_related("recorded_by").first()
    return Recovery(current, current.days_since() if current else None)


def recovery_history(client):
    return client.recovery_dates.select_related("recorded_by", "prompted_by")


def screens(client):
    """Screens newest first, each with its results (one extra query per page)."""
    return client.drug_screens.select_related("recorded_by").prefetch_related(
        Prefetch("results", queryset=ScreenResult.objects.order_by("pk"))
    )


@dataclass
class Cell:
    result: str = ""
    classification: str = ""

    @property
    def symbol(self) -> str:
        if self.result == Result.POSITIVE:
            return "+"
        if self.result == Result.NEGATIVE:
            return "−"
        if self.result == Result.INVALID:
            return "?"
        return ""

    @property
    def description(self) -> str:
        if not self.result:
            return "not tested"
        if self.result == Result.POSITIVE:
            return f"positive, {self.classification}"
        return self.result


def timeline(screen_rows: list[DrugScreen]) -> dict:
    """A grid of substances × screens (oldest to newest) for the screens shown: '+' marked
    expected or unexpected, '−' negative, '?' invalid. Substances never tested are left out;
    substances ever positive come first."""
    cat = catalog()
    columns = sorted(
        (s for s in screen_rows if not s.entered_in_error), key=lambda s: s.collected_on
    )
    tested: dict[str, dict[int, Cell]] = {}
    positive: set[str] = set()
    for screen in columns:
        for row in screen.results.all():
            tested.setdefault(row.analyte, {})[screen.pk] = Cell(row.result, row.classification)
            if row.result == Result.POSITIVE:
                positive.add(row.analyte)
    order = {code: index for index, code in enumerate(cat.analytes)}
    codes = sorted(tested, key=lambda c: (c not in positive, order.get(c, 999)))
    return {
        "columns": columns,
        "rows": [
            {
                "label": cat.analytes[c].label if c in cat.analytes else c,
                "abbreviation": cat.analytes[c].abbreviation if c in cat.analytes else c,
                "cells": [tested[c].get(s.pk, Cell()) for s in columns],
            }
            for c in codes
        ],
    }


def summary(screen: DrugScreen) -> dict:
    """Counts and the positive rows of one screen (results already prefetched)."""
    rows = list(screen.results.all())
    positives = [r for r in rows if r.result == Result.POSITIVE]
    return {
        "positives": positives,
        "unexpected": [r for r in positives if r.classification == Classification.UNEXPECTED],
        "negatives": sum(r.result == Result.NEGATIVE for r in rows),
        "invalid": [r for r in rows if r.result == Result.INVALID],
        "unconfirmed": [r for r in positives if not r.confirmed],
    }


def adherence_checks(client):
    return client.adherence_checks.select_related("medication", "recorded_by")


def medication_choices(client):
    return client.medications.filter(entered_in_error=False).filter(
        Q(stop_date__isnull=True) | Q(stop_date__gte=timezone.localdate())
    )


def version_chain(medication: Medication) -> list[Medication]:
    """Earlier versions of a medication (each change replaces the one before), newest first."""
    chain, current = [], medication
    while current.replaces_id and len(chain) < 50:
        current = Medication.objects.select_related("prescriber").get(pk=current.replaces_id)
        chain.append(current)
    return chain


# Querysets handed to the door (``access.owned_for``) for one record by id.


def medication_rows():
    return Medication.objects.select_related("prescriber")


def screen_rows():
    return DrugScreen.objects.select_related("recorded_by")


def result_rows():
    return ScreenResult.objects.select_related("screen__recorded_by")


def recovery_header_fact(request, client, episode):
    """The chart header's "Days since recovery date" (``core.registry.add_header_fact``): one
    query; nothing when no recovery date is kept."""
    recovery_on = client.recovery_dates.values_list("recovery_on", flat=True).first()
    if recovery_on is None:
        return None
    return ("Days since recovery date", f"{RecoveryDate(recovery_on=recovery_on).days_since():,}")
