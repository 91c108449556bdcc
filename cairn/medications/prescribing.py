"""Medication list and allergies: each write one transaction with its audit event.

Rules (issue 10, point 1; DESIGN.md principle 2):
- a medication names exactly one prescriber, in this program or outside it;
- a stop date is never before the start date;
- a medication for addiction treatment is for a substance use disorder; one on the program's
  list as such (buprenorphine, naltrexone, methadone, acamprosate, disulfiram…) given for
  substance use is marked so automatically;
- nothing is deleted: a change of dose, route or frequency stops the old row and starts a new one
  that ``replaces`` it; a mistake is marked entered in error with a reason;
- the second of two concurrent writers gets a conflict, not a lost update (``version``).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from cairn.accounts.models import StaffRole
from cairn.accounts.roles import Role
from cairn.audit.log import record
from cairn.medications.catalog import catalog
from cairn.medications.models import Allergy, Medication, Reason

CONFLICT = (
    "Someone else changed this record while you were working on it. "
    "Reload the page to see their change, then try again."
)


class Conflict(ValidationError):
    def __init__(self):
        super().__init__(CONFLICT, code="conflict")


@dataclass
class MedicationInput:
    name: str
    dose: str
    route: str
    frequency: str
    start_date: date
    reason: str
    strength: str = ""
    form: str = ""
    prescriber: object = None  # a User, or None for an outside prescriber
    outside_prescriber: str = ""
    stop_date: date | None = None
    reason_detail: str = ""
    is_mat: bool = False


def resolve(data: MedicationInput) -> dict:
    """The medication's fields: a name on the program's list brings its generic name, class,
    ingredients and (when left blank) the product's strength, form and route."""
    match = catalog().match(data.name)
    values = {
        "name": data.name.strip(),
        "catalog_key": "",
        "drug_class": "",
        "ingredients": [],
        "strength": data.strength.strip(),
        "form": data.form.strip(),
        "dose": data.dose.strip(),
        "route": data.route,
        "frequency": data.frequency.strip(),
        "prescriber": data.prescriber,
        "outside_prescriber": "" if data.prescriber else data.outside_prescriber.strip(),
        "start_date": data.start_date,
        "stop_date": data.stop_date,
        "reason": data.reason,
        "reason_detail": data.reason_detail.strip(),
        "is_mat": data.is_mat,
    }
    drug = match.drug
    if drug:
        values.update(
            name=drug.name,
            catalog_key=drug.key,
            drug_class=drug.drug_class,
            ingredients=list(drug.ingredients),
        )
        if match.product:
            values["strength"] = values["strength"] or match.product.strength
            values["form"] = values["form"] or match.product.form
            values["route"] = values["route"] or match.product.route
        if drug.mat and data.reason == Reason.SUBSTANCE_USE:
            values["is_mat"] = True
            values["reason_detail"] = values["reason_detail"] or drug.mat
    return values


def check(values: dict, client) -> None:
    """Refuse what the chart must never hold; errors are keyed by form field."""
    errors = {}
    if values["stop_date"] and values["stop_date"] < values["start_date"]:
        errors["stop_date"] = "The stop date is before the start date."
    if values["start_date"] < client.date_of_birth:
        errors["start_date"] = "The start date is before the client was born."
    if not values["prescriber"] and not values["outside_prescriber"]:
        errors["outside_prescriber"] = (
            "Pick the prescriber in this program, or name the outside prescriber."
        )
    elif (
        values["prescriber"]
        and not StaffRole.objects.filter(
            user=values["prescriber"], program_id=client.program_id, role=Role.PRESCRIBER
        ).exists()
    ):
        errors["prescriber"] = "Pick a prescriber of this client's program."
    if values["is_mat"] and values["reason"] != Reason.SUBSTANCE_USE:
        errors["reason"] = (
            "A medication for addiction treatment is for a substance use disorder: "
            "pick that reason, or untick 'medication for addiction treatment'."
        )
    for field in ("dose", "frequency", "route", "name"):
        if not values[field]:
            errors[field] = "This is needed."
    if errors:
        raise ValidationError(errors)


def add_medication(client, data: MedicationInput, *, by, request=None) -> Medication:
    values = resolve(data)
    check(values, client)
    with transaction.atomic():
        medication = Medication.objects.create(client=client, recorded_by=by, **values)
        record(
            "medication.add",
            request=request,
            actor=by,
            obj=medication,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"coded": medication.coded, "mat": medication.is_mat},
        )
    return medication


def _lock(medication: Medication, version: int) -> Medication:
    """Re-read the row for update; a different version means someone else wrote first."""
    current = Medication.objects.select_for_update().get(pk=medication.pk)
    if current.version != version or current.entered_in_error:
        raise Conflict()
    return current


def change_medication(
    medication: Medication, data: MedicationInput, *, version: int, by, request=None
) -> Medication:
    """A new dose, strength, route or frequency from ``data.start_date``: the old row stops that
    day and the new one replaces it, so both stay in the record."""
    client = medication.client
    values = resolve(data)
    check(values, client)
    if values["start_date"] < medication.start_date:
        raise ValidationError(
            {"start_date": "The change cannot start before the medication it changes."}
        )
    if medication.stop_date and values["start_date"] > medication.stop_date:
        raise ValidationError({"start_date": "This medication had already stopped by then."})
    with transaction.atomic():
        old = _lock(medication, version)
        if hasattr(old, "replaced_by"):
            raise Conflict()
        Medication.objects.filter(pk=old.pk).update(
            stop_date=values["start_date"], stop_reason="Changed", version=F("version") + 1
        )
        new = Medication.objects.create(client=client, recorded_by=by, replaces=old, **values)
        record(
            "medication.change",
            request=request,
            actor=by,
            obj=new,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"replaces": old.pk},
        )
    return new


def stop_medication(
    medication: Medication, *, stop_date: date, reason: str, version: int, by, request=None
) -> Medication:
    if stop_date < medication.start_date:
        raise ValidationError({"stop_date": "The stop date is before the start date."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why it stopped."})
    with transaction.atomic():
        current = _lock(medication, version)
        current.stop_date = stop_date
        current.stop_reason = reason.strip()
        current.version += 1
        current.save(update_fields=["stop_date", "stop_reason", "version"])
        record(
            "medication.stop",
            request=request,
            actor=by,
            obj=current,
            client_id=current.client_id,
            detail={"stop_date": stop_date.isoformat()},
        )
    return current


def mark_medication_in_error(
    medication: Medication, *, reason: str, version: int, by, request=None
) -> Medication:
    """The row stays, struck through, and no longer explains any screen result."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what was wrong."})
    with transaction.atomic():
        current = _lock(medication, version)
        current.entered_in_error = True
        current.error_reason = reason.strip()
        current.version += 1
        current.save(update_fields=["entered_in_error", "error_reason", "version"])
        record(
            "medication.entered_in_error",
            request=request,
            actor=by,
            obj=current,
            client_id=current.client_id,
        )
    return current


# ---------------------------------------------------------------------------------------------
# Allergies


def add_allergy(
    client, *, substance: str, category: str, reaction: str, severity: str, by, request=None
) -> Allergy:
    """Record an allergy; a standing 'no known allergies' entry no longer applies."""
    if not substance.strip():
        raise ValidationError({"substance": "Name the substance."})
    match = catalog().match(substance)
    with transaction.atomic():
        Allergy.objects.filter(
            client=client, no_known_allergies=True, status=Allergy.Status.ACTIVE
        ).update(status=Allergy.Status.INACTIVE, status_reason="An allergy was recorded.")
        allergy = Allergy.objects.create(
            client=client,
            substance=match.drug.name if match.drug else substance.strip(),
            catalog_key=match.drug.key if match.drug else "",
            category=category,
            reaction=reaction.strip(),
            severity=severity,
            recorded_by=by,
        )
        record("allergy.add", request=request, actor=by, obj=allergy, client_id=client.pk)
    return allergy


def record_no_known_allergies(client, *, by, request=None) -> Allergy:
    with transaction.atomic():
        if Allergy.objects.filter(
            client=client, no_known_allergies=False, status=Allergy.Status.ACTIVE
        ).exists():
            raise ValidationError(
                "This client has active allergies. Mark them as no longer applying first."
            )
        existing = Allergy.objects.filter(
            client=client, no_known_allergies=True, status=Allergy.Status.ACTIVE
        ).first()
        if existing:
            return existing
        allergy = Allergy.objects.create(client=client, no_known_allergies=True, recorded_by=by)
        record("allergy.none_known", request=request, actor=by, obj=allergy, client_id=client.pk)
    return allergy


def end_allergy(allergy: Allergy, *, status: str, reason: str, by, request=None) -> Allergy:
    if status not in (Allergy.Status.INACTIVE, Allergy.Status.ERROR):
        raise ValidationError({"status": "Pick what happened to this allergy."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why."})
    with transaction.atomic():
        current = Allergy.objects.select_for_update().get(pk=allergy.pk)
        if current.status != Allergy.Status.ACTIVE:
            raise Conflict()
        current.status = status
        current.status_reason = reason.strip()
        current.save(update_fields=["status", "status_reason"])
        record(
            f"allergy.{status}", request=request, actor=by, obj=current, client_id=current.client_id
        )
    return current
