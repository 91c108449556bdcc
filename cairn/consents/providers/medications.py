"""Medications and allergies; drug screens with their results — from the medications app.
Rows entered in error are left out."""

from django.db.models import Prefetch, Q

from cairn.consents.categories import Content, Section, Table
from cairn.consents.providers.common import day, iso, on_days, ref
from cairn.medications.models import Allergy, DrugScreen, Medication, Result, ScreenResult


def medications(client, period) -> Content:
    meds = Medication.objects.filter(client=client, entered_in_error=False).select_related(
        "prescriber"
    )
    if period.end:
        meds = meds.filter(start_date__lte=period.end)
    if period.start:
        meds = meds.filter(Q(stop_date__isnull=True) | Q(stop_date__gte=period.start))
    meds = list(meds.order_by("start_date", "name"))
    allergies = list(
        Allergy.objects.filter(client=client)
        .exclude(status=Allergy.Status.ERROR)
        .order_by("recorded_at")
    )
    content = Content()
    content.sections.append(
        Section(
            "Medications",
            table=Table(
                ["Medication", "Dose", "Started", "Stopped", "Prescriber", "For"],
                [
                    [
                        m.label + (" (addiction treatment)" if m.is_mat else ""),
                        f"{m.dose}, {m.frequency}, {m.get_route_display().lower()}",
                        day(m.start_date),
                        day(m.stop_date) if m.stop_date else "—",
                        m.prescriber_label,
                        m.reason_detail or m.get_reason_display(),
                    ]
                    for m in meds
                ],
            ),
        )
    )
    content.sections.append(
        Section(
            "Allergies",
            table=Table(
                ["Allergy", "Reaction", "Severity", "Status"],
                [
                    ["No known allergies", "", "", a.get_status_display()]
                    if a.no_known_allergies
                    else [a.substance, a.reaction, a.get_severity_display(), a.get_status_display()]
                    for a in allergies
                ],
            ),
        )
    )
    for m in meds:
        content.records.append(
            {
                "resourceType": "MedicationStatement",
                "id": ref(m),
                "medication": m.label,
                "coded": m.coded,
                "dosage": {"dose": m.dose, "route": m.route, "frequency": m.frequency},
                "effectivePeriod": {"start": iso(m.start_date), "end": iso(m.stop_date)},
                "stopReason": m.stop_reason or None,
                "prescriber": m.prescriber_label,
                "reason": m.reason,
                "reasonDetail": m.reason_detail or None,
                "addictionTreatment": m.is_mat,
            }
        )
        content.references.append(ref(m))
    for a in allergies:
        content.records.append(
            {
                "resourceType": "AllergyIntolerance",
                "id": ref(a),
                "noKnownAllergies": a.no_known_allergies,
                "substance": a.substance or None,
                "category": a.category or None,
                "reaction": a.reaction or None,
                "severity": a.severity or None,
                "status": a.status,
            }
        )
        content.references.append(ref(a))
    return content


def _results_text(screen) -> str:
    positives = [r for r in screen.results.all() if r.result != Result.NEGATIVE]
    if not positives:
        return "All negative"
    return "; ".join(
        f"{r.analyte_label}: {r.get_result_display().lower()}"
        + (f" ({r.classification})" if r.classification else "")
        for r in positives
    )


def drug_screens(client, period) -> Content:
    screens = on_days(
        DrugScreen.objects.filter(client=client, entered_in_error=False)
        .prefetch_related(Prefetch("results", queryset=ScreenResult.objects.order_by("pk")))
        .order_by("collected_on", "recorded_at"),
        "collected_on",
        period,
    )
    content = Content(
        sections=[
            Section(
                "Drug screens",
                table=Table(
                    ["Collected", "Method", "Panel", "Observed", "Results"],
                    [],
                ),
            )
        ]
    )
    for s in screens:
        content.sections[0].table.rows.append(
            [
                day(s.collected_on),
                s.get_method_display(),
                s.panel_label,
                "yes" if s.observed else "no",
                _results_text(s),
            ]
        )
        content.records.append(
            {
                "resourceType": "Observation",
                "id": ref(s),
                "category": "drug_screen",
                "effectiveDate": iso(s.collected_on),
                "method": s.method,
                "panel": s.panel,
                "observed": s.observed,
                "specimenValidity": s.validity,
                "component": [
                    {
                        "analyte": r.analyte,
                        "result": r.result,
                        "classification": r.classification or None,
                    }
                    for r in s.results.all()
                ],
            }
        )
        content.references.append(ref(s))
    return content
