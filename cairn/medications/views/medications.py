"""The Medications tab: current medications (with medications for addiction treatment) and
allergies; adding, changing, stopping and correcting them (prescribers and nurses)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.medications import prescribing, queries
from cairn.medications.catalog import catalog
from cairn.medications.forms import (
    FREQUENCIES,
    AllergyForm,
    ChangeMedicationForm,
    EndAllergyForm,
    MedicationErrorForm,
    MedicationForm,
    StopMedicationForm,
)
from cairn.medications.models import Allergy, Medication
from cairn.medications.views import submit


@staff_required
@require_safe
def chart(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART)
    current, past = queries.medication_lists(client)
    allergies, past_allergies = queries.allergy_lists(client)
    return render_chart(
        request,
        client,
        "medications/chart_medications.html",
        {
            "current": current,
            "past": past,
            "allergies": allergies,
            "past_allergies": past_allergies,
            "recovery": queries.recovery(client),
            "can_manage": Action.MANAGE_MEDICATIONS in client.allowed_actions,
            "allergy_form": AllergyForm(),
            "allergens": sorted(d.name for d in catalog().drugs.values()),
        },
    )


def _form_page(request, client, form, context=None, status=200):
    return render_chart(
        request,
        client,
        "medications/medication_form.html",
        {
            "form": form,
            "products": catalog().product_labels(),
            "frequencies": FREQUENCIES,
            **(context or {}),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def add(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_MEDICATIONS)
    form = MedicationForm(
        request.POST or None, initial={"prescriber": request.user.pk}, program=client.program
    )
    if request.method == "POST":
        medication = submit(
            form,
            lambda: prescribing.add_medication(
                client, form.to_input(), by=request.user, request=request
            ),
        )
        if medication:
            note = "" if medication.coded else " It is not on the program's list: not coded."
            messages.success(request, f"Added {medication.label}.{note}")
            return redirect("medications:chart", client_id=client.pk)
    return _form_page(
        request, client, form, {"title": "Add a medication"}, 400 if form.errors else 200
    )


def _initial(medication: Medication) -> dict:
    return {
        "name": medication.name,
        "strength": medication.strength,
        "form": medication.form,
        "dose": medication.dose,
        "route": medication.route,
        "frequency": medication.frequency,
        "prescriber": medication.prescriber_id,
        "outside_prescriber": medication.outside_prescriber,
        "stop_date": medication.stop_date,
        "reason": medication.reason,
        "reason_detail": medication.reason_detail,
        "is_mat": medication.is_mat,
        "version": medication.version,
    }


@staff_required
@require_http_methods(["GET", "POST"])
def change(request, medication_id):
    medication = access.owned_for(
        request,
        queries.medication_rows(),
        medication_id,
        Action.MANAGE_MEDICATIONS,
    )
    client = medication.door_client
    form = ChangeMedicationForm(
        request.POST or None, initial=_initial(medication), program=client.program
    )
    if request.method == "POST":
        new = submit(
            form,
            lambda: prescribing.change_medication(
                medication,
                form.to_input(),
                version=form.cleaned_data["version"],
                by=request.user,
                request=request,
            ),
        )
        if new:
            messages.success(request, f"Changed: {new.label}, {new.dose} {new.frequency}.")
            return redirect("medications:chart", client_id=client.pk)
    return _form_page(
        request,
        client,
        form,
        {"title": f"Change {medication.label}", "medication": medication},
        400 if form.errors else 200,
    )


def _end_page(request, medication, form, kind, status=200):
    return render_chart(
        request,
        medication.door_client,
        "medications/medication_end.html",
        {"medication": medication, "form": form, "kind": kind},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def stop(request, medication_id):
    medication = access.owned_for(
        request,
        queries.medication_rows(),
        medication_id,
        Action.MANAGE_MEDICATIONS,
    )
    form = StopMedicationForm(request.POST or None, initial={"version": medication.version})
    if request.method == "POST":
        done = submit(
            form,
            lambda: prescribing.stop_medication(
                medication,
                stop_date=form.cleaned_data["stop_date"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                by=request.user,
                request=request,
            ),
        )
        if done:
            messages.success(request, f"Stopped {done.label}.")
            return redirect("medications:chart", client_id=done.client_id)
    return _end_page(request, medication, form, "stop", 400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def error(request, medication_id):
    medication = access.owned_for(
        request,
        queries.medication_rows(),
        medication_id,
        Action.MANAGE_MEDICATIONS,
    )
    form = MedicationErrorForm(request.POST or None, initial={"version": medication.version})
    if request.method == "POST":
        done = submit(
            form,
            lambda: prescribing.mark_medication_in_error(
                medication,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                by=request.user,
                request=request,
            ),
        )
        if done:
            messages.success(request, f"Marked {done.label} as entered in error.")
            return redirect("medications:chart", client_id=done.client_id)
    return _end_page(request, medication, form, "error", 400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def allergy_add(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_MEDICATIONS)
    form = AllergyForm(request.POST or None)
    if request.method == "POST":
        allergy = submit(
            form,
            lambda: prescribing.add_allergy(
                client, **form.cleaned_data, by=request.user, request=request
            ),
        )
        if allergy:
            messages.success(request, f"Added allergy: {allergy.substance}.")
            return redirect("medications:chart", client_id=client.pk)
    return render_chart(
        request,
        client,
        "medications/allergy_form.html",
        {"form": form, "allergens": sorted(d.name for d in catalog().drugs.values())},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def allergy_none(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_MEDICATIONS)
    try:
        prescribing.record_no_known_allergies(client, by=request.user, request=request)
        messages.success(request, "Recorded: no known allergies.")
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect("medications:chart", client_id=client.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def allergy_end(request, allergy_id):
    allergy = access.owned_for(request, Allergy, allergy_id, Action.MANAGE_MEDICATIONS)
    form = EndAllergyForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            form,
            lambda: prescribing.end_allergy(
                allergy, **form.cleaned_data, by=request.user, request=request
            ),
        )
        if done:
            messages.success(request, f"Updated allergy: {done}.")
            return redirect("medications:chart", client_id=done.client_id)
    return render_chart(
        request,
        allergy.door_client,
        "medications/allergy_end.html",
        {"form": form, "allergy": allergy},
        status=400 if form.errors else 200,
    )
