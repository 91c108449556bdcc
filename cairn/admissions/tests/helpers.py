"""Shared helpers for the admissions tests: an inquiry walked along the pipeline."""

from django.utils import timezone

from cairn.admissions import pipeline
from cairn.testing.factories import make_inquiry

FITS = {
    "stepping_down": True,
    "needs_structure": True,
    "safe_housing": True,
    "withdrawal_risk": False,
    "imminent_risk": False,
    "can_attend": True,
}
NARRATIVES = {n: f"Findings for dimension {n}." for n in range(1, 7)}
IOP_RATINGS = {1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 1}


def screened(program, by, **overrides):
    inquiry = make_inquiry(program, **overrides)
    pipeline.record_screening(inquiry, FITS, by=by)
    inquiry.refresh_from_db()
    return inquiry


def assessed(program, by, *, ratings=IOP_RATINGS, decided="2.1", **overrides):
    inquiry = screened(program, by, **overrides)
    pipeline.record_assessment(
        inquiry,
        assessed_on=timezone.localdate(),
        ratings=ratings,
        narratives=NARRATIVES,
        decided_level=decided,
        decision_reason="" if decided == "2.1" else "Client preference.",
        by=by,
    )
    inquiry.refresh_from_db()
    return inquiry
