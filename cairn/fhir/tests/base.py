"""A registered system client in the cast's program, a TPO consent for ``cast.client`` (so
its records flow) and none for ``cast.other_client`` (so its records are withheld), and one
record of every kind for ``cast.client``."""

import base64
import json
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import AccessToken

from cairn.attendance.models import AttendanceRecord
from cairn.consents.tests.factories import make_consent
from cairn.fhir.registration import register_client
from cairn.medications.models import Allergy
from cairn.medications.tests.factories import make_medication, make_screen
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_diagnosis
from cairn.testing.plans import make_treatment_plan
from cairn.testing.sessions import make_session

ALL_READ = ["system/*.rs", "system/AuditEvent.rs", "system/QuestionnaireResponse.c"]
TYPES = [
    "Patient",
    "Encounter",
    "Appointment",
    "Group",
    "CarePlan",
    "Goal",
    "Condition",
    "Observation",
    "Questionnaire",
    "QuestionnaireResponse",
    "MedicationStatement",
    "AllergyIntolerance",
    "Consent",
    "AuditEvent",
]


def add_records(cast, client):
    """One of everything for ``client`` (in ``cast.program``)."""
    by = cast.clinician
    yesterday = timezone.localdate() - timedelta(days=1)
    session = make_session(cast.program, by, clients=[client], day=yesterday, status="held")
    AttendanceRecord.objects.create(
        session=session,
        client=client,
        episode=client.episodes.first(),
        status="present",
        minutes=180,
        recorded_by=by,
    )
    make_diagnosis(client, recorded_by=by)
    make_administration(client, "phq9", by=by)
    make_medication(client, by)
    make_screen(client, by, results={"cocaine": ("positive", "unexpected")})
    Allergy.objects.create(
        client=client,
        substance="Penicillin",
        category="medication",
        reaction="Hives",
        severity="moderate",
        recorded_by=by,
    )
    make_treatment_plan(client, by=by, signed=True, client_signed=True)


class FhirTestCase(CastTestCase):
    scopes = ALL_READ

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        cls.system, cls.secret = register_client(
            cast.program,
            name="Riverside Health Information Exchange",
            scopes=cls.scopes,
            purpose="treatment",
            recipient_kind="treating_provider",
            client_id="riverside",
        )
        make_consent(
            cast.client,
            cast.clinician,
            tpo=True,
            categories=[
                "demographics",
                "attendance",
                "diagnoses",
                "treatment_plan",
                "assessments",
                "drug_screens",
                "medications",
            ],
        )
        add_records(cast, cast.client)
        add_records(cast, cast.other_client)
        cls.standing_token = "standing-test-token"
        AccessToken.objects.create(
            application=cls.system.application,
            token=cls.standing_token,
            expires=timezone.now() + timedelta(hours=1),
            scope=" ".join(cls.scopes),
        )

    def token(self, client_id="riverside", secret=None, scope=None) -> str:
        basic = base64.b64encode(f"{client_id}:{secret or self.secret}".encode()).decode()
        data = {"grant_type": "client_credentials"}
        if scope:
            data["scope"] = scope
        response = self.client.post(
            "/fhir/R4/auth/token", data, HTTP_AUTHORIZATION=f"Basic {basic}"
        )
        assert response.status_code == 200, response.content
        return response.json()["access_token"]

    def api(self, path, method="get", token=None, **kwargs):
        token = token or self.standing_token
        return getattr(self.client, method)(
            f"/fhir/R4/{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs
        )

    def fhir(self, path, status=200, **kwargs):
        response = self.api(path, **kwargs)
        assert response.status_code == status, (response.status_code, response.content[:600])
        return json.loads(response.content) if response.content else None

    def resources(self, bundle, mode="match"):
        return [e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode]
