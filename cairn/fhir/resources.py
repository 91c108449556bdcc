"""Which records each FHIR resource type is made of, and how its search parameters filter
them. Every queryset comes from the door (``access.scope`` / ``access.clients_for``) with the
system client's principal; this module only narrows what the door returned.

A type is one or more *sources* (Observation: assessment totals, drug-screen results, levels
of care), each a model queryset with its mapping to FHIR (``mapping.py``), the consent category
its records belong to (``consents.vocabulary.CATEGORIES``), its date field and its token
parameters (``code``, ``status``…).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.assessments.instruments import all_instruments
from cairn.assessments.models import Administration
from cairn.attendance.models import AttendanceRecord
from cairn.audit.models import AuditEvent
from cairn.clients.models import Client, Diagnosis, Episode
from cairn.consents.models import Consent
from cairn.core.models import Track
from cairn.fhir import mapping
from cairn.medications.models import Allergy, Medication, ScreenResult
from cairn.plans.models import Goal, TreatmentPlanVersion
from cairn.scheduling.models import SessionParticipant

VIEW = Action.VIEW_CHART
NONE = Q(pk__in=[])


def door(model, principal, action: Action = VIEW, *, via: str = "client") -> QuerySet:
    """All of ``model``'s rows the door lets ``principal`` take ``action`` on."""
    return access.scope(model.objects.all(), principal, action, via=via)


class BadParameter(ValueError):
    """A search parameter Cairn cannot read: the API answers 400 with this message."""


def _token_value(value: str) -> str:
    """``system|code`` → ``code`` (the system is not checked: codes here are unambiguous)."""
    return value.split("|", 1)[-1].strip()


def _choice(mapping: dict[str, Q]) -> Callable[[str], Q]:
    def build(value: str) -> Q:
        parts = [_token_value(v) for v in value.split(",")]
        unknown = [p for p in parts if p not in mapping]
        if unknown:
            raise BadParameter(
                f"Unknown value {unknown[0]!r}; expected one of {', '.join(sorted(mapping))}."
            )
        result = NONE
        for part in parts:
            result |= mapping[part]
        return result

    return build


def _exact(field_name: str) -> Callable[[str], Q]:
    def build(value: str) -> Q:
        result = NONE
        for part in value.split(","):
            result |= Q(**{f"{field_name}__iexact": _token_value(part)})
        return result

    return build


@dataclass
class Source:
    type: str
    model: type
    queryset: Callable[[access.SystemPrincipal], QuerySet]
    to_fhir: Callable
    category: str | None  # the consent category (None: not client data)
    client_field: str = "client_id"  # the client's id on the row (for patient and consent)
    date_field: str | None = None
    prefix: str = ""  # the id prefix (Observation sources)
    tokens: dict[str, Callable[[str], Q]] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)
    extras: Callable | None = None  # extras(principal, rows, allowed) -> dict for to_fhir
    changed: tuple[str, ...] = ()  # the times Cairn keeps of a row's changes (bulk _since)


@dataclass
class ResourceType:
    name: str
    sources: list[Source]
    patient_param: bool = True
    scope_letters: str = "rs"
    documentation: str = ""

    @property
    def params(self) -> dict[str, str]:
        """Search parameter name → FHIR type, for the CapabilityStatement and validation."""
        found = {"_id": "token"}
        if self.patient_param:
            found["patient"] = "reference"
        if any(s.date_field for s in self.sources):
            found["date"] = "date"
        for source in self.sources:
            for name in source.tokens:
                found[name] = "uri" if name == "url" else "token"
        return found


ATTENDED = ("present", "late", "left_early")
FINAL = ("submitted", "entered_in_error")


def _encounters(p):
    """Attended records, each with its booking's id (the Encounter's Appointment)."""
    booking = door(SessionParticipant, p).filter(
        session_id=OuterRef("session_id"), client_id=OuterRef("client_id")
    )
    return (
        door(AttendanceRecord, p)
        .filter(status__in=ATTENDED)
        .annotate(participant_id=Subquery(booking.values("pk")[:1]))
    )


def _participants(p):
    return access.scope(SessionParticipant.objects.all(), p, VIEW)


def _plan_versions(p):
    return door(TreatmentPlanVersion, p, via="plan__client").exclude(status="draft")


def _plan_goals(principal, rows, allowed):
    ids = [row.pk for row in rows]
    pairs = (
        door(Goal, principal, via="version__plan__client")
        .filter(version_id__in=ids)
        .order_by("position", "pk")
        .values_list("version_id", "pk")
    )
    found: dict[int, list[int]] = {}
    for version_id, goal_id in pairs:
        found.setdefault(version_id, []).append(goal_id)
    return found


def _group_members(principal, rows, allowed):
    ids = [row.pk for row in rows]
    episodes = door(Episode, principal, Action.VIEW_DEMOGRAPHICS).filter(
        track_id__in=ids, status="active"
    )
    if allowed is not None:
        episodes = episodes.filter(client_id__in=allowed)
    found: dict[int, list[int]] = {}
    for track_id, client_id in episodes.order_by("client_id").values_list("track_id", "client_id"):
        found.setdefault(track_id, []).append(client_id)
    return found


def _medication_status(value: str) -> Q:
    today = timezone.localdate()
    return _choice(
        {
            "entered-in-error": Q(entered_in_error=True),
            "completed": Q(entered_in_error=False, stop_date__lte=today),
            "active": Q(entered_in_error=False)
            & (Q(stop_date__isnull=True) | Q(stop_date__gt=today)),
        }
    )(value)


def _consent_status(value: str) -> Q:
    today = timezone.localdate()
    live = Q(voided_at__isnull=True, signed_on__isnull=False)
    ended = Q(revoked_on__isnull=False) | Q(expires_on__lt=today)
    return _choice(
        {
            "entered-in-error": Q(voided_at__isnull=False),
            "proposed": Q(voided_at__isnull=True, signed_on__isnull=True),
            "active": live & ~ended,
            "inactive": live & ended,
        }
    )(value)


def _instruments_with_total(code: str) -> list[str]:
    return [
        i.code
        for i in all_instruments()
        if i.loinc_total and i.loinc_confirmed and i.loinc_total == code
    ]


def _observation_code_asmt(value: str) -> Q:
    codes = [c for part in value.split(",") for c in _instruments_with_total(_token_value(part))]
    return Q(instrument__in=codes) if codes else NONE


def _questionnaire_ref(value: str) -> Q:
    codes = []
    for part in value.split(","):
        url = part.split("|", 1)[0].rstrip("/")
        code = url.rsplit("/", 1)[-1]
        if url in (mapping.questionnaire_url(code), f"Questionnaire/{code}", code):
            codes.append(code)
    return Q(instrument__in=codes) if codes else NONE


def _category(kind: str) -> Callable[[str], Q]:
    return lambda value: Q() if kind in [_token_value(v) for v in value.split(",")] else NONE


def _never(value: str) -> Q:
    return NONE


OBS_STATUS = {"final": Q(), "entered-in-error": NONE}

TYPES: dict[str, ResourceType] = {}


def _register(kind: ResourceType) -> None:
    TYPES[kind.name] = kind


_register(
    ResourceType(
        "Patient",
        [
            Source(
                "Patient",
                Client,
                lambda p: access.clients_for(p, Action.VIEW_DEMOGRAPHICS),
                mapping.patient,
                "demographics",
                client_field="pk",
                date_field=None,
                tokens={
                    "identifier": _exact("mrn"),
                    "active": _choice({"true": Q(status="active"), "false": ~Q(status="active")}),
                    "family": _exact("last_name"),
                },
                order=("last_name", "first_name", "pk"),
            )
        ],
        patient_param=False,
        documentation="Clients of the program.",
    )
)
_register(
    ResourceType(
        "Encounter",
        [
            Source(
                "Encounter",
                AttendanceRecord,
                _encounters,
                mapping.encounter,
                "attendance",
                date_field="session__starts_at",
                tokens={"status": _choice({"finished": Q()})},
                related=("session", "session__group_type"),
                order=("session__starts_at", "pk"),
            )
        ],
        documentation="Sessions a client attended (present, late or left early).",
    )
)
_register(
    ResourceType(
        "Appointment",
        [
            Source(
                "Appointment",
                SessionParticipant,
                _participants,
                mapping.appointment,
                "attendance",
                date_field="session__starts_at",
                tokens={
                    "status": _choice(
                        {
                            "cancelled": Q(cancelled=True) | Q(session__status="cancelled"),
                            "fulfilled": Q(cancelled=False, session__status="held"),
                            "booked": Q(cancelled=False, session__status="scheduled"),
                        }
                    )
                },
                related=("session", "session__group_type"),
                order=("session__starts_at", "pk"),
            )
        ],
        documentation="Bookings of a client in a scheduled session.",
    )
)
_register(
    ResourceType(
        "Group",
        [
            Source(
                "Group",
                Track,
                lambda p: Track.objects.filter(program_id=p.program_id),
                mapping.group,
                None,
                client_field="",
                tokens={"code": _exact("code")},
                order=("name", "pk"),
                extras=_group_members,
            )
        ],
        patient_param=False,
        documentation="Cohorts: the program's tracks and the clients whose current episode "
        "is on them. Group/{id}/$export exports them.",
    )
)
_register(
    ResourceType(
        "CarePlan",
        [
            Source(
                "CarePlan",
                TreatmentPlanVersion,
                _plan_versions,
                mapping.care_plan,
                "treatment_plan",
                client_field="plan__client_id",
                date_field="plan_date",
                tokens={
                    "status": _choice(
                        {
                            "active": Q(status="active"),
                            "draft": Q(status="awaiting_client"),
                            "revoked": Q(status="superseded"),
                        }
                    )
                },
                related=("plan",),
                order=("plan_date", "pk"),
                extras=_plan_goals,
            )
        ],
        documentation="Signed treatment-plan versions (awaiting the client's signature, "
        "active, or superseded by a later version).",
    )
)
_register(
    ResourceType(
        "Goal",
        [
            Source(
                "Goal",
                Goal,
                lambda p: door(Goal, p, via="version__plan__client").exclude(
                    version__status="draft"
                ),
                mapping.goal,
                "treatment_plan",
                client_field="version__plan__client_id",
                date_field="version__plan_date",
                tokens={
                    "lifecycle-status": _choice(
                        {
                            "active": Q(version__status="active"),
                            "proposed": Q(version__status="awaiting_client"),
                            "cancelled": Q(version__status="superseded"),
                        }
                    )
                },
                related=("version", "version__plan", "problem"),
                order=("version__plan_date", "position", "pk"),
            )
        ],
        documentation="Goals of signed treatment-plan versions.",
    )
)
_register(
    ResourceType(
        "Condition",
        [
            Source(
                "Condition",
                Diagnosis,
                lambda p: access.scope(Diagnosis.objects.all(), p, VIEW),
                mapping.condition,
                "diagnoses",
                date_field="recorded_at",
                tokens={
                    "code": _exact("code"),
                    "clinical-status": _choice(
                        {
                            "active": Q(status="active"),
                            "remission": Q(status="in_remission"),
                            "resolved": Q(status="resolved"),
                        }
                    ),
                    "verification-status": _choice(
                        {
                            "confirmed": ~Q(status="entered_in_error"),
                            "entered-in-error": Q(status="entered_in_error"),
                        }
                    ),
                },
                order=("recorded_at", "pk"),
            )
        ],
        documentation="Diagnoses (ICD-10-CM).",
    )
)
_register(
    ResourceType(
        "Observation",
        [
            Source(
                "Observation",
                Administration,
                lambda p: door(Administration, p).filter(status__in=FINAL),
                mapping.assessment_observation,
                "assessments",
                date_field="administered_at",
                prefix="asmt-",
                tokens={
                    "code": _observation_code_asmt,
                    "category": _category("survey"),
                    "status": _choice(
                        {
                            "final": Q(status="submitted"),
                            "entered-in-error": Q(status="entered_in_error"),
                        }
                    ),
                },
                order=("administered_at", "pk"),
            ),
            Source(
                "Observation",
                ScreenResult,
                lambda p: access.scope(ScreenResult.objects.all(), p, VIEW, via="screen__client"),
                mapping.screen_observation,
                "drug_screens",
                client_field="screen__client_id",
                date_field="screen__collected_on",
                prefix="uds-",
                tokens={
                    "code": _exact("analyte"),
                    "category": _category("laboratory"),
                    "status": _choice(
                        {
                            "final": Q(screen__entered_in_error=False),
                            "entered-in-error": Q(screen__entered_in_error=True),
                        }
                    ),
                },
                related=("screen",),
                order=("screen__collected_on", "pk"),
            ),
            Source(
                "Observation",
                Episode,
                lambda p: access.scope(Episode.objects.all(), p, VIEW),
                mapping.level_of_care_observation,
                "attendance",
                date_field="admitted_on",
                prefix="loc-",
                tokens={
                    "code": _never,
                    "category": _category("therapy"),
                    "status": _choice({"final": Q(), "entered-in-error": NONE}),
                },
                order=("admitted_on", "pk"),
            ),
        ],
        documentation="Assessment totals (category survey, LOINC total codes), drug-screen "
        "results (laboratory) and the episode's ASAM level of care (therapy).",
    )
)
_register(
    ResourceType(
        "QuestionnaireResponse",
        [
            Source(
                "QuestionnaireResponse",
                Administration,
                lambda p: door(Administration, p).filter(status__in=FINAL),
                mapping.questionnaire_response,
                "assessments",
                date_field="administered_at",
                tokens={
                    "questionnaire": _questionnaire_ref,
                    "status": _choice(
                        {
                            "completed": Q(status="submitted"),
                            "entered-in-error": Q(status="entered_in_error"),
                        }
                    ),
                },
                order=("administered_at", "pk"),
            )
        ],
        scope_letters="crs",
        documentation="Submitted administrations of the instruments; POST one to score it.",
    )
)
_register(
    ResourceType(
        "MedicationStatement",
        [
            Source(
                "MedicationStatement",
                Medication,
                lambda p: access.scope(Medication.objects.all(), p, VIEW),
                mapping.medication_statement,
                "medications",
                date_field="start_date",
                tokens={"status": _medication_status, "code": _exact("name")},
                order=("start_date", "pk"),
            )
        ],
        documentation="The medication list, medications for addiction treatment included.",
    )
)
_register(
    ResourceType(
        "AllergyIntolerance",
        [
            Source(
                "AllergyIntolerance",
                Allergy,
                lambda p: access.scope(Allergy.objects.all(), p, VIEW),
                mapping.allergy_intolerance,
                "medications",
                date_field="recorded_at",
                tokens={
                    "clinical-status": _choice(
                        {"active": Q(status="active"), "inactive": Q(status="inactive")}
                    ),
                    "code": _exact("substance"),
                },
                order=("recorded_at", "pk"),
            )
        ],
        documentation="Allergies and intolerances.",
    )
)
_register(
    ResourceType(
        "Consent",
        [
            Source(
                "Consent",
                Consent,
                lambda p: access.scope(Consent.objects.all(), p, VIEW),
                mapping.consent,
                "demographics",
                date_field="signed_on",
                tokens={"status": _consent_status},
                order=("signed_on", "pk"),
            )
        ],
        documentation="42 CFR Part 2 consents.",
    )
)
_register(
    ResourceType(
        "AuditEvent",
        [
            Source(
                "AuditEvent",
                AuditEvent,
                lambda p: (
                    AuditEvent.objects.filter(program_id=p.program_id)
                    if p.may(Action.VIEW_CLIENT_AUDIT)
                    else AuditEvent.objects.none()
                ),
                mapping.audit_event,
                None,
                date_field="at",
                tokens={"subtype": _exact("action")},
                order=("at", "pk"),
            )
        ],
        documentation="The program's audit trail; only for clients given system/AuditEvent.rs.",
    )
)


#: (type, model) → the times a row's state changed, as Cairn keeps them: bulk ``_since`` sends
#: a row when any is at or after it. Rows without any (a track) are always sent. Changes that
#: keep no time of their own (an administration marked entered in error, a level-of-care change
#: on an episode) need a full export.
CHANGED = {
    ("Patient", "clients.client"): ("created_at", "updated_at"),
    ("Encounter", "attendance.attendancerecord"): ("recorded_at",),
    ("Appointment", "scheduling.sessionparticipant"): ("added_at",),
    ("CarePlan", "plans.treatmentplanversion"): (
        "clinician_signed_at",
        "client_signed_at",
        "activated_at",
        "superseded_at",
    ),
    ("Goal", "plans.goal"): (
        "version__clinician_signed_at",
        "version__activated_at",
        "version__superseded_at",
    ),
    ("Condition", "clients.diagnosis"): ("recorded_at", "updated_at"),
    ("Observation", "assessments.administration"): ("submitted_at",),
    ("Observation", "medications.screenresult"): ("screen__recorded_at", "classified_at"),
    ("Observation", "clients.episode"): ("created_at", "discharge_recorded_at"),
    ("QuestionnaireResponse", "assessments.administration"): ("submitted_at",),
    ("MedicationStatement", "medications.medication"): ("recorded_at",),
    ("AllergyIntolerance", "medications.allergy"): ("recorded_at",),
    ("Consent", "consents.consent"): (
        "prepared_at",
        "signed_at",
        "revocation_recorded_at",
        "voided_at",
    ),
    ("AuditEvent", "audit.auditevent"): ("at",),
}
for _kind in TYPES.values():
    for _source in _kind.sources:
        _source.changed = CHANGED.get((_source.type, _source.model._meta.label_lower), ())


QUESTIONNAIRE_PARAMS = {"_id": "token", "url": "uri", "status": "token"}
