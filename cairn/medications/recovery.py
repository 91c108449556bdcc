"""The recovery (sobriety) date and adherence checks (issue 10, points 4 and 5).

The recovery date belongs to the clinician: nothing changes it automatically. An unexpected
positive only prompts a review (screening.py raises the chart alert); keeping the date or
setting a new one is recorded as a new row with the clinician's note, and closes the prompt.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.medications.models import AdherenceCheck, DrugScreen, Medication, RecoveryDate
from cairn.medications.screening import current_recovery, open_alerts
from cairn.worklist.operations import resolve_alert


def set_recovery_date(
    client, *, recovery_on: date, note: str, by, prompted_by=None, request=None
) -> RecoveryDate:
    """Set, change or confirm the recovery date. Changing an existing date needs a note."""
    errors = {}
    if recovery_on > timezone.localdate():
        errors["recovery_on"] = "The recovery date is in the future."
    elif recovery_on < client.date_of_birth:
        errors["recovery_on"] = "The recovery date is before the client was born."
    current = current_recovery(client)
    if current and current.recovery_on != recovery_on and not note.strip():
        errors["note"] = "Say why the recovery date changes (e.g. use disclosed on Mar 3)."
    if errors:
        raise ValidationError(errors)
    alerts = list(open_alerts(client))
    if prompted_by is None and alerts:
        prompted_by = (
            DrugScreen.objects.filter(
                client=client, entered_in_error=False, results__classification="unexpected"
            )
            .order_by("-collected_on", "-pk")
            .first()
        )
    with transaction.atomic():
        row = RecoveryDate.objects.create(
            client=client,
            recovery_on=recovery_on,
            note=note.strip(),
            prompted_by=prompted_by,
            recorded_by=by,
        )
        kept = bool(current) and current.recovery_on == recovery_on
        record(
            "recovery_date.review" if kept else "recovery_date.set",
            request=request,
            actor=by,
            obj=row,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"kept": kept},
        )
        verdict = "kept" if kept else "set to"
        resolution = f"Recovery date reviewed: {verdict} {recovery_on:%b %-d, %Y}. {note.strip()}"
        for alert in alerts:
            resolve_alert(alert, by=by, request=request, resolution=resolution.strip()[:500])
    return row


def record_adherence(
    client,
    *,
    checked_on: date,
    status: str,
    source: str,
    comment: str = "",
    medication: Medication | None = None,
    by,
    request=None,
) -> AdherenceCheck:
    errors = {}
    if checked_on > timezone.localdate():
        errors["checked_on"] = "The date is in the future."
    if status not in AdherenceCheck.Status.values:
        errors["status"] = "Pick what is known."
    if source not in AdherenceCheck.Source.values:
        errors["source"] = "Pick how it is known."
    if medication is not None and medication.client_id != client.pk:
        errors["medication"] = "Pick one of this client's medications."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check = AdherenceCheck.objects.create(
            client=client,
            medication=medication,
            checked_on=checked_on,
            status=status,
            source=source,
            comment=comment.strip(),
            recorded_by=by,
        )
        record("adherence.record", request=request, actor=by, obj=check, client_id=client.pk)
    return check
