"""Recording drug screens and classifying their positives (issue 10, points 3 and 4).

- A screen is refused when dated in the future, when a result is not negative, positive or
  invalid, or when it names a substance the panel does not test; nothing is saved then.
- Each positive is classified from the client's prescriptions (classification.py) at recording.
- An unexpected positive flags the chart (a worklist alert). When the collection day is on or
  after the recovery date, the alert asks for a review of it — a prompt, never a forced change:
  the clinician keeps or changes the date (recovery.py), which closes the alert.
- A clinician confirms or changes a classification; a change needs a reason.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cairn.audit.log import record
from cairn.medications.catalog import catalog
from cairn.medications.classification import UNEXPECTED, Prescription, classify
from cairn.medications.models import (
    Classification,
    DrugScreen,
    Medication,
    RecoveryDate,
    Result,
    ScreenMethod,
    ScreenResult,
)
from cairn.medications.prescribing import Conflict
from cairn.worklist.models import Alert
from cairn.worklist.operations import raise_alert, resolve_alert

ALERT_KIND = "drug_screen"
VALIDITY_VALUES = ("normal", "abnormal")


@dataclass
class ScreenInput:
    collected_on: date
    method: str
    panel: str
    results: dict[str, str]  # analyte code → negative / positive / invalid
    observed: bool = False
    validity: dict[str, str] = field(default_factory=dict)  # check code → normal / abnormal
    lab_reference: str = ""
    comment: str = ""


def check_screen(data: ScreenInput, *, today: date) -> None:
    errors: dict[str, str] = {}
    if data.collected_on > today:
        errors["collected_on"] = "The collection date is in the future."
    if data.method not in ScreenMethod.values:
        errors["method"] = "Pick how the specimen was collected."
    panel = catalog().panels.get(data.panel)
    if panel is None:
        errors["panel"] = "Pick a panel."
    else:
        for code in panel.analytes:
            value = data.results.get(code, "")
            if value not in Result.values:
                errors[f"result_{code}"] = "Pick negative, positive or invalid."
        extra = set(data.results) - set(panel.analytes)
        if extra:
            errors["panel"] = f"This panel does not test {', '.join(sorted(extra))}."
    checks = {check.code for check in catalog().validity_checks}
    for code, value in data.validity.items():
        if code not in checks or value not in VALIDITY_VALUES:
            errors[f"validity_{code}"] = "Pick normal, abnormal or not tested."
    if errors:
        raise ValidationError(errors)


def prescriptions_for(client, on: date) -> list[Prescription]:
    """Every medication that may explain a result collected ``on``: started by then and not
    entered in error (the detection window decides about stopped ones)."""
    return [
        Prescription.of(medication)
        for medication in Medication.objects.filter(
            client=client, entered_in_error=False, start_date__lte=on
        )
    ]


def current_recovery(client) -> RecoveryDate | None:
    return RecoveryDate.objects.filter(client=client).first()


def record_screen(client, data: ScreenInput, *, by, request=None) -> DrugScreen:
    check_screen(data, today=timezone.localdate())
    prescriptions = prescriptions_for(client, data.collected_on)
    with transaction.atomic():
        screen = DrugScreen.objects.create(
            client=client,
            collected_on=data.collected_on,
            method=data.method,
            observed=data.observed,
            panel=data.panel,
            validity=dict(data.validity),
            validity_concern="abnormal" in data.validity.values(),
            lab_reference=data.lab_reference.strip(),
            comment=data.comment.strip(),
            recorded_by=by,
        )
        rows = []
        for code in catalog().panels[data.panel].analytes:
            result = data.results[code]
            classification, explained_by = classify(code, result, data.collected_on, prescriptions)
            rows.append(
                ScreenResult(
                    screen=screen,
                    analyte=code,
                    result=result,
                    auto_classification=classification,
                    classification=classification,
                    explained_by=explained_by,
                )
            )
        ScreenResult.objects.bulk_create(rows)
        unexpected = [row for row in rows if row.classification == UNEXPECTED]
        record(
            "drug_screen.record",
            request=request,
            actor=by,
            obj=screen,
            client_id=client.pk,
            program_id=client.program_id,
            detail={
                "positives": sum(row.result == Result.POSITIVE for row in rows),
                "unexpected": len(unexpected),
            },
        )
        if unexpected:
            _flag(screen, unexpected)
    return screen


def _flag(screen: DrugScreen, unexpected: list[ScreenResult], source_suffix: str = "") -> Alert:
    substances = ", ".join(row.analyte_label for row in unexpected)
    message = (
        f"Unexpected positive drug screen ({substances}) collected "
        f"{screen.collected_on:%b} {screen.collected_on.day}, {screen.collected_on.year}."
    )
    recovery = current_recovery(screen.client)
    if recovery and recovery.recovery_on <= screen.collected_on:
        message += f" Review the recovery date ({recovery.recovery_on:%b %-d, %Y})."
    return raise_alert(
        client=screen.client,
        kind=ALERT_KIND,
        message=message[:300],
        severity=Alert.Severity.WARNING,
        source=f"medications.screen:{screen.pk}{source_suffix}",
    )


def open_alerts(client):
    """Open drug-screen flags of a client (or a client id)."""
    return Alert.objects.filter(client=client, kind=ALERT_KIND, resolved_at__isnull=True)


def flagged(screen: DrugScreen) -> bool:
    """Does the chart still carry an open flag raised by this screen?"""
    source = f"medications.screen:{screen.pk}"
    return (
        open_alerts(screen.client_id)
        .filter(Q(source=source) | Q(source__startswith=f"{source}:"))
        .exists()
    )


def classify_result(
    result: ScreenResult,
    *,
    classification: str,
    reason: str,
    version: int,
    by,
    request=None,
) -> ScreenResult:
    """Confirm the automatic classification, or change it with a reason."""
    if result.result != Result.POSITIVE:
        raise ValidationError("Only positive results are classified.")
    if classification not in Classification.values:
        raise ValidationError({"classification": "Pick expected or unexpected."})
    if classification != result.auto_classification and not reason.strip():
        raise ValidationError(
            {"reason": "Say why you change the classification (e.g. prescription verified)."}
        )
    with transaction.atomic():
        current = ScreenResult.objects.select_for_update().get(pk=result.pk)
        if current.version != version:
            raise Conflict()
        before = current.classification
        current.classification = classification
        current.classification_reason = reason.strip()
        current.classified_by = by
        current.classified_at = timezone.now()
        current.version += 1
        current.save(
            update_fields=[
                "classification",
                "classification_reason",
                "classified_by",
                "classified_at",
                "version",
            ]
        )
        screen = result.screen
        record(
            "drug_screen.classify",
            request=request,
            actor=by,
            obj=current,
            client_id=screen.client_id,
            detail={"from": before, "to": classification, "analyte": current.analyte},
        )
        _follow_alerts(screen, current, before, by=by, request=request)
    return current


def _follow_alerts(screen, changed: ScreenResult, before: str, *, by, request) -> None:
    """Keep the chart's flag in step: none left unexpected closes it; a newly unexpected
    positive raises one."""
    unexpected = list(screen.results.filter(classification=Classification.UNEXPECTED))
    source = f"medications.screen:{screen.pk}"
    if not unexpected:
        for alert in open_alerts(screen.client).filter(
            Q(source=source) | Q(source__startswith=f"{source}:")
        ):
            resolve_alert(
                alert,
                by=by,
                request=request,
                resolution=f"Reclassified as expected: {changed.classification_reason}"[:500],
            )
    elif before != Classification.UNEXPECTED and changed.classification == UNEXPECTED:
        _flag(screen, unexpected, source_suffix=f":{changed.pk}.{changed.version}")


def mark_screen_in_error(screen: DrugScreen, *, reason: str, by, request=None) -> DrugScreen:
    """A screen recorded for the wrong client or with wrong results stays, struck through; its
    flag on the chart is closed."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what was wrong."})
    with transaction.atomic():
        current = DrugScreen.objects.select_for_update().get(pk=screen.pk)
        if current.entered_in_error:
            raise Conflict()
        current.entered_in_error = True
        current.error_reason = reason.strip()
        current.save(update_fields=["entered_in_error", "error_reason"])
        record(
            "drug_screen.entered_in_error",
            request=request,
            actor=by,
            obj=current,
            client_id=current.client_id,
        )
        source = f"medications.screen:{current.pk}"
        for alert in open_alerts(current.client).filter(
            Q(source=source) | Q(source__startswith=f"{source}:")
        ):
            resolve_alert(alert, by=by, request=request, resolution="Screen entered in error.")
    return current
