"""Factories for this app's tests (plain ``make_*`` helpers with good defaults)."""

from datetime import timedelta

from django.utils import timezone

from cairn.medications.models import DrugScreen, Medication, RecoveryDate, ScreenResult


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def make_medication(client, by, **overrides) -> Medication:
    values = {
        "client": client,
        "name": "Buprenorphine/naloxone",
        "catalog_key": "buprenorphine-naloxone",
        "drug_class": "opioid_partial_agonist",
        "ingredients": ["buprenorphine", "naloxone"],
        "strength": "8 mg/2 mg",
        "form": "sublingual film",
        "dose": "1 film",
        "route": "sublingual",
        "frequency": "twice daily",
        "outside_prescriber": "Dr. Lee",
        "start_date": days_ago(30),
        "reason": "substance_use",
        "is_mat": True,
        "recorded_by": by,
    }
    values.update(overrides)
    return Medication.objects.create(**values)


def make_screen(client, by, results=None, **overrides) -> DrugScreen:
    """A screen with rows written directly (no classification run): ``results`` maps analyte
    code → (result, classification)."""
    values = {
        "client": client,
        "collected_on": days_ago(1),
        "method": "urine_cup",
        "panel": "urine_cup_12",
        "recorded_by": by,
    }
    values.update(overrides)
    screen = DrugScreen.objects.create(**values)
    for code, (result, classification) in (results or {"cocaine": ("negative", "")}).items():
        ScreenResult.objects.create(
            screen=screen,
            analyte=code,
            result=result,
            classification=classification,
            auto_classification=classification,
        )
    return screen


def make_recovery(client, by, days: int = 60, **overrides) -> RecoveryDate:
    return RecoveryDate.objects.create(
        client=client, recovery_on=days_ago(days), recorded_by=by, **overrides
    )


PANEL_12 = (
    "amphetamines",
    "methamphetamine",
    "mdma",
    "barbiturates",
    "benzodiazepines",
    "buprenorphine",
    "cocaine",
    "thc",
    "opiates",
    "oxycodone",
    "methadone",
    "pcp",
)


def results(**positives) -> dict:
    """A full 12-panel answer: everything negative except the given codes."""
    answer = dict.fromkeys(PANEL_12, "negative")
    answer.update(positives)
    return answer
