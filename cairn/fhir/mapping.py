"""Cairn's records as FHIR R4 resources (DOMAIN.md, "FHIR R4 mapping"). Pure translation: each
function takes rows the door already returned (with what they need selected) and gives a
JSON-ready dict. No queries, no rules.

Ids: a client-owned row keeps its primary key; Observation ids say where they come from
(``asmt-<administration>``, ``uds-<screen result>``, ``loc-<episode>``); a Questionnaire's id
is the instrument's code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.utils import timezone

from cairn.assessments.instruments import get_instrument
from cairn.assessments.questionnaire import DEFAULT_BASE_URL, LOINC, to_fhir_questionnaire
from cairn.consents.record_export import labelled

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CANONICAL_BASE = DEFAULT_BASE_URL  # canonical URLs of Questionnaires (not the server's address)
CAIRN_ID = "urn:cairn:mrn"


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def ref(kind: str, pk) -> dict:
    return {"reference": f"{kind}/{pk}"}


def _clean(resource: dict) -> dict:
    return {k: v for k, v in resource.items() if v not in (None, [], {}, "")}


def part2(resource: dict) -> dict:
    """A resource derived from SUD treatment records: 42CFRPart2, R, NORDSCLCD (DOMAIN.md)."""
    return labelled(_clean(resource))


# ---------------------------------------------------------------------------------------------


def patient(client) -> dict:
    names = [{"use": "official", "family": client.last_name, "given": [client.first_name]}]
    if client.preferred_name and client.preferred_name != client.first_name:
        names.append({"use": "usual", "family": client.last_name, "given": [client.preferred_name]})
    telecom = []
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone})
    if client.email:
        telecom.append({"system": "email", "value": client.email})
    gender = {"female": "female", "male": "male"}.get(client.sex_at_birth, "unknown")
    return part2(
        {
            "resourceType": "Patient",
            "id": str(client.pk),
            "identifier": [{"system": CAIRN_ID, "value": client.mrn}],
            "active": client.status == "active",
            "name": names,
            "telecom": telecom,
            "gender": gender,
            "birthDate": iso(client.date_of_birth),
            "address": [{"text": client.address}] if client.address else [],
            "communication": [{"language": {"text": client.preferred_language}}]
            if client.preferred_language
            else [],
        }
    )


def encounter(record) -> dict:
    session = record.session
    return part2(
        {
            "resourceType": "Encounter",
            "id": str(record.pk),
            "status": "finished",
            "class": {
                "system": V3_ACT,
                "code": "VR" if session.mode == "telehealth" else "AMB",
                "display": "virtual" if session.mode == "telehealth" else "ambulatory",
            },
            "type": [{"text": session.get_kind_display()}],
            "serviceType": {"text": session.group_type.name} if session.group_type_id else None,
            "subject": ref("Patient", record.client_id),
            "period": {"start": iso(session.starts_at), "end": iso(session.ends_at)},
            "length": {
                "value": record.minutes or 0,
                "unit": "min",
                "system": "http://unitsofmeasure.org",
                "code": "min",
            },
            "appointment": [ref("Appointment", record.participant_id)]
            if getattr(record, "participant_id", None)
            else [],
        }
    )


def appointment_status(participant) -> str:
    if participant.cancelled or participant.session.status == "cancelled":
        return "cancelled"
    if participant.session.status == "held":
        return "fulfilled"
    return "booked"


def appointment(participant) -> dict:
    session = participant.session
    return part2(
        {
            "resourceType": "Appointment",
            "id": str(participant.pk),
            "status": appointment_status(participant),
            "serviceType": [{"text": session.group_type.name}] if session.group_type_id else [],
            "appointmentType": {"text": session.get_kind_display()},
            "description": session.title or None,
            "start": iso(session.starts_at),
            "end": iso(session.ends_at),
            "created": iso(participant.added_at),
            "participant": [
                {
                    "actor": ref("Patient", participant.client_id),
                    "required": "required",
                    "status": "declined" if participant.cancelled else "accepted",
                }
            ],
        }
    )


def group(track, member_ids) -> dict:
    return part2(
        {
            "resourceType": "Group",
            "id": str(track.pk),
            "identifier": [{"system": "urn:cairn:track", "value": track.code}],
            "active": track.active,
            "type": "person",
            "actual": True,
            "name": track.name,
            "quantity": len(member_ids),
            "member": [{"entity": ref("Patient", pk)} for pk in member_ids],
        }
    )


PLAN_STATUS = {"active": "active", "awaiting_client": "draft", "superseded": "revoked"}


def care_plan(version, goal_ids) -> dict:
    plan = version.plan
    return part2(
        {
            "resourceType": "CarePlan",
            "id": str(version.pk),
            "identifier": [{"system": "urn:cairn:treatment-plan", "value": f"{plan.pk}"}],
            "status": PLAN_STATUS.get(version.status, "unknown"),
            "intent": "plan",
            "title": f"Treatment plan, version {version.number}",
            "description": version.strengths or None,
            "subject": ref("Patient", plan.client_id),
            "period": {"start": iso(version.plan_date)} if version.plan_date else None,
            "created": iso(version.clinician_signed_at or version.created_at),
            "goal": [ref("Goal", pk) for pk in goal_ids],
        }
    )


GOAL_STATUS = {"active": "active", "awaiting_client": "proposed", "superseded": "cancelled"}


def goal(row) -> dict:
    version = row.version
    return part2(
        {
            "resourceType": "Goal",
            "id": str(row.pk),
            "lifecycleStatus": GOAL_STATUS.get(version.status, "proposed"),
            "description": {"text": row.statement or "(no statement)"},
            "subject": ref("Patient", version.plan.client_id),
            "startDate": iso(version.plan_date),
            "addresses": [],
            "note": [{"text": f"Problem: {row.problem.title}"}] if row.problem_id else [],
        }
    )


CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def condition(dx) -> dict:
    in_error = dx.status == "entered_in_error"
    clinical = {"active": "active", "in_remission": "remission", "resolved": "resolved"}
    return part2(
        {
            "resourceType": "Condition",
            "id": str(dx.pk),
            "clinicalStatus": None
            if in_error
            else {"coding": [{"system": CLINICAL, "code": clinical[dx.status]}]},
            "verificationStatus": {
                "coding": [
                    {
                        "system": VERIFICATION,
                        "code": "entered-in-error" if in_error else "confirmed",
                    }
                ]
            },
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                            "code": "encounter-diagnosis",
                        }
                    ],
                    "text": dx.get_category_display(),
                }
            ],
            "code": {
                "coding": [{"system": ICD10CM, "code": dx.code, "display": dx.description}],
                "text": dx.description,
            },
            "subject": ref("Patient", dx.client_id),
            "onsetDateTime": iso(dx.onset_on),
            "recordedDate": iso(dx.recorded_at),
            "note": [{"text": "Primary diagnosis"}] if dx.rank == "primary" else [],
        }
    )


def _category(code: str) -> list[dict]:
    return [{"coding": [{"system": OBS_CATEGORY, "code": code}]}]


def assessment_observation(adm) -> dict:
    """An instrument's total, coded with the total's LOINC code when the data confirms it."""
    instrument = get_instrument(adm.instrument)
    code: dict[str, Any] = {"text": f"{instrument.short_name} total score"}
    if instrument.loinc_total and instrument.loinc_confirmed:
        code["coding"] = [
            {"system": LOINC, "code": instrument.loinc_total, "display": code["text"]}
        ]
    return part2(
        {
            "resourceType": "Observation",
            "id": f"asmt-{adm.pk}",
            "status": "entered-in-error" if adm.status == "entered_in_error" else "final",
            "category": _category("survey"),
            "code": code,
            "subject": ref("Patient", adm.client_id),
            "effectiveDateTime": iso(adm.administered_at or adm.submitted_at),
            "issued": iso(adm.submitted_at),
            "valueInteger": adm.total,
            "interpretation": [{"text": adm.band}] if adm.band else [],
            "derivedFrom": [ref("QuestionnaireResponse", adm.pk)],
        }
    )


def screen_observation(result) -> dict:
    screen = result.screen
    interpretation = []
    if result.result == "positive" and result.classification:
        interpretation = [{"text": f"{result.classification} positive"}]
    return part2(
        {
            "resourceType": "Observation",
            "id": f"uds-{result.pk}",
            "status": "entered-in-error" if screen.entered_in_error else "final",
            "category": _category("laboratory"),
            "code": {"text": f"{result.analyte} drug screen"},
            "subject": ref("Patient", screen.client_id),
            "effectiveDateTime": iso(screen.collected_on),
            "valueCodeableConcept": {"text": result.result},
            "interpretation": interpretation,
            "method": {"text": screen.get_method_display()},
        }
    )


def level_of_care_observation(episode) -> dict:
    period = {"start": iso(episode.admitted_on)}
    if episode.discharged_on:
        period["end"] = iso(episode.discharged_on)
    return part2(
        {
            "resourceType": "Observation",
            "id": f"loc-{episode.pk}",
            "status": "final",
            "category": _category("therapy"),
            "code": {"text": "ASAM level of care"},
            "subject": ref("Patient", episode.client_id),
            "effectivePeriod": period,
            "valueCodeableConcept": {
                "coding": [
                    {
                        "system": "urn:cairn:asam-level",
                        "code": episode.level_of_care,
                        "display": episode.get_level_of_care_display(),
                    }
                ],
                "text": episode.get_level_of_care_display(),
            },
        }
    )


def questionnaire(code: str) -> dict:
    return _clean(to_fhir_questionnaire(get_instrument(code), base_url=CANONICAL_BASE))


def questionnaire_url(code: str) -> str:
    return f"{CANONICAL_BASE}/Questionnaire/{code}"


def _answer(item, value) -> dict:
    if isinstance(value, bool) or item.type == "boolean":
        return {"valueBoolean": bool(value)}
    for option in item.options:
        if option.score == value:
            system = LOINC if option.loinc else f"{CANONICAL_BASE}/CodeSystem/{item.link_id}"
            return {
                "valueCoding": {
                    "system": system,
                    "code": option.loinc or option.code,
                    "display": option.display,
                }
            }
    return {"valueInteger": int(value)}


def questionnaire_response(adm) -> dict:
    instrument = get_instrument(adm.instrument)
    answers = adm.answers or {}
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for item in instrument.items:
        if item.link_id not in answers or answers[item.link_id] is None:
            continue
        entry = {
            "linkId": item.link_id,
            "text": item.text,
            "answer": [_answer(item, answers[item.link_id])],
        }
        if item.group:
            if item.group not in groups:
                groups[item.group] = {"linkId": item.group, "item": []}
                items.append(groups[item.group])
            groups[item.group]["item"].append(entry)
        else:
            items.append(entry)
    status = {"submitted": "completed", "entered_in_error": "entered-in-error"}
    return part2(
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(adm.pk),
            "questionnaire": f"{questionnaire_url(adm.instrument)}|{adm.instrument_version}",
            "status": status.get(adm.status, "in-progress"),
            "subject": ref("Patient", adm.client_id),
            "authored": iso(adm.administered_at or adm.submitted_at or adm.started_at),
            "item": items,
        }
    )


def medication_statement(med) -> dict:
    if med.entered_in_error:
        status = "entered-in-error"
    elif med.stop_date and med.stop_date <= timezone.localdate():
        status = "completed"
    else:
        status = "active"
    name = " ".join(p for p in (med.name, med.strength, med.form) if p)
    period = {"start": iso(med.start_date)} if med.start_date else {}
    if med.stop_date:
        period["end"] = iso(med.stop_date)
    dosage = " ".join(p for p in (med.dose, med.get_route_display(), med.frequency) if p)
    return part2(
        {
            "resourceType": "MedicationStatement",
            "id": str(med.pk),
            "status": status,
            "category": {"text": "Medication for addiction treatment"} if med.is_mat else None,
            "medicationCodeableConcept": {"text": name},
            "subject": ref("Patient", med.client_id),
            "effectivePeriod": period or None,
            "dateAsserted": iso(med.recorded_at),
            "informationSource": {"display": med.outside_prescriber}
            if med.outside_prescriber
            else None,
            "reasonCode": [{"text": med.reason_detail or med.get_reason_display()}]
            if med.reason
            else [],
            "dosage": [{"text": dosage}] if dosage else [],
        }
    )


ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"


def allergy_intolerance(allergy) -> dict:
    in_error = allergy.status == "entered_in_error"
    reaction = []
    if allergy.reaction:
        entry = {"manifestation": [{"text": allergy.reaction}]}
        if allergy.severity in ("mild", "moderate", "severe"):
            entry["severity"] = allergy.severity
        reaction.append(entry)
    category = allergy.category if allergy.category in ("medication", "food", "environment") else ""
    return part2(
        {
            "resourceType": "AllergyIntolerance",
            "id": str(allergy.pk),
            "clinicalStatus": None
            if in_error
            else {"coding": [{"system": ALLERGY_CLINICAL, "code": allergy.status}]},
            "verificationStatus": {
                "coding": [
                    {
                        "system": ALLERGY_VERIFICATION,
                        "code": "entered-in-error" if in_error else "confirmed",
                    }
                ]
            },
            "category": [category] if category else [],
            "code": {"text": "No known allergies"}
            if allergy.no_known_allergies
            else {"text": allergy.substance},
            "patient": ref("Patient", allergy.client_id),
            "recordedDate": iso(allergy.recorded_at),
            "reaction": reaction,
        }
    )


PURPOSE_CODES = {
    "treatment": ["TREAT"],
    "payment": ["HPAYMT"],
    "operations": ["HOPERAT"],
    "tpo": ["TREAT", "HPAYMT", "HOPERAT"],
    "patient_request": ["PATRQT"],
    "family_support": ["FAMRQT"],
}
PART2_POLICY = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"


def consent(row) -> dict:
    if row.voided_at:
        status = "entered-in-error"
    elif row.revoked_on or (row.expires_on and row.expires_on < timezone.localdate()):
        status = "inactive"
    elif row.signed_on:
        status = "active"
    else:
        status = "proposed"
    period = {"start": iso(row.signed_on)} if row.signed_on else {}
    end = row.revoked_on or row.expires_on
    if end:
        period["end"] = iso(end)
    recipient = row.recipient_name or row.recipient_organization or "Recipient"
    provision = {
        "type": "permit",
        "period": period or None,
        "actor": [
            {
                "role": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "IRCP",
                        }
                    ]
                },
                "reference": {"display": recipient},
            }
        ],
        "purpose": [
            {"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": c}
            for c in PURPOSE_CODES.get(row.purpose, [])
        ],
        "class": [{"system": "urn:cairn:record-category", "code": c} for c in row.categories or []],
    }
    return part2(
        {
            "resourceType": "Consent",
            "id": str(row.pk),
            "status": status,
            "scope": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                        "code": "patient-privacy",
                    }
                ]
            },
            "category": [{"coding": [{"system": LOINC, "code": "59284-0"}]}],
            "patient": ref("Patient", row.client_id),
            "dateTime": iso(row.signed_at),
            "policy": [{"uri": PART2_POLICY}],
            "provision": _clean(provision),
        }
    )


AUDIT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"


def _audit_action(name: str) -> str:
    verb = name.rsplit(".", 1)[-1]
    if verb in ("create", "start", "add", "submit", "record"):
        return "C"
    if verb in ("view", "read", "search", "list") or name.startswith(("chart.", "fhir.read")):
        return "R"
    if verb in ("delete", "remove"):
        return "D"
    return "E" if name.startswith("fhir.") else "U"


def audit_event(event) -> dict:
    outcome = {"ok": "0", "denied": "4", "failed": "8"}[event.outcome]
    entity = []
    if event.client_id:
        entity.append({"what": ref("Patient", event.client_id), "role": {"code": "1"}})
    if event.object_type:
        entity.append(
            {
                "what": {
                    "identifier": {
                        "system": f"urn:cairn:{event.object_type}",
                        "value": event.object_id or "-",
                    }
                }
            }
        )
    resource = {
        "resourceType": "AuditEvent",
        "id": str(event.pk),
        "type": {"system": AUDIT_TYPE, "code": "rest", "display": event.action},
        "subtype": [{"system": "urn:cairn:audit-action", "code": event.action}],
        "action": _audit_action(event.action),
        "recorded": iso(event.at),
        "outcome": outcome,
        "agent": [
            {
                "type": {"text": event.actor_kind},
                "who": {"display": event.actor_label or event.actor_kind},
                "requestor": True,
                "network": {"address": event.ip_address, "type": "2"} if event.ip_address else None,
            }
        ],
        "source": {"observer": {"display": "Cairn"}},
        "entity": entity,
    }
    resource["agent"] = [_clean(a) for a in resource["agent"]]
    return part2(resource) if event.client_id else _clean(resource)
