"""URL-walk registry (cairn/testing/urlwalk.py): ids of medication and screen records of a
client in another program."""

from datetime import timedelta

from django.utils import timezone

from cairn.medications.models import Allergy, DrugScreen, Medication, ScreenResult


def _medication(cast):
    return Medication.objects.create(
        client=cast.foreign_client,
        name="Sertraline",
        dose="50 mg",
        route="oral",
        frequency="once daily",
        outside_prescriber="Dr. Far",
        start_date=timezone.localdate() - timedelta(days=10),
        reason="co_occurring",
        recorded_by=cast.outsider,
    ).pk


def _screen(cast):
    return DrugScreen.objects.create(
        client=cast.foreign_client,
        collected_on=timezone.localdate(),
        method="urine_cup",
        panel="urine_cup_12",
        recorded_by=cast.outsider,
    )


def _result(cast):
    return ScreenResult.objects.create(
        screen=_screen(cast), analyte="cocaine", result="positive", classification="unexpected"
    ).pk


KWARG_OBJECTS = {
    "medication_id": _medication,
    "allergy_id": lambda cast: (
        Allergy.objects.create(
            client=cast.foreign_client, substance="Penicillin", recorded_by=cast.outsider
        ).pk
    ),
    "screen_id": lambda cast: _screen(cast).pk,
    "result_id": _result,
}
