"""The FHIR R4 API (issue 13): metadata, auth and scopes, read and search of every type, Part 2
labels and consents, paging, errors."""

from cairn.audit.models import AuditEvent
from cairn.fhir import validation
from cairn.fhir.tests.base import TYPES, FhirTestCase
from cairn.testing.factories import make_client, make_episode

PART2 = {
    ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "42CFRPart2"),
    ("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"),
}


def labels(resource):
    return {(s["system"], s["code"]) for s in resource.get("meta", {}).get("security", [])}


class MetadataTest(FhirTestCase):
    def test_it_serves_a_valid_capability_statement_without_a_token(self):
        response = self.client.get("/fhir/R4/metadata")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/fhir+json")
        statement = response.json()
        validation.validate(statement)
        served = {r["type"] for r in statement["rest"][0]["resource"]}
        self.assertEqual(served, set(TYPES))

    def test_it_lists_the_search_parameters_the_server_accepts(self):
        statement = self.client.get("/fhir/R4/metadata").json()
        served = statement["rest"][0]["resource"]
        observation = next(r for r in served if r["type"] == "Observation")
        names = {p["name"] for p in observation["searchParam"]}
        self.assertTrue({"_id", "patient", "date", "code", "status", "_count"} <= names)


class AuthTest(FhirTestCase):
    def test_it_answers_401_with_an_operation_outcome_without_a_token(self):
        response = self.client.get("/fhir/R4/Patient")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["resourceType"], "OperationOutcome")

    def test_it_answers_401_to_an_unknown_token(self):
        response = self.client.get("/fhir/R4/Patient", HTTP_AUTHORIZATION="Bearer nope")
        self.assertEqual(response.status_code, 401)
        self.assertIn("unknown or expired", response.json()["issue"][0]["diagnostics"])

    def test_it_refuses_a_token_for_a_wrong_secret(self):
        import base64

        basic = base64.b64encode(b"riverside:wrong").decode()
        response = self.client.post(
            "/fhir/R4/auth/token",
            {"grant_type": "client_credentials"},
            HTTP_AUTHORIZATION=f"Basic {basic}",
        )
        self.assertEqual(response.status_code, 401)
        event = AuditEvent.objects.filter(action="fhir.token").latest("pk")
        self.assertEqual((event.outcome, event.object_id), ("denied", "riverside"))

    def test_it_searches_with_post(self):
        response = self.api("Condition/_search", method="post", data={"code": "F10.20"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["total"], 1)

    def test_it_audits_every_call(self):
        before = AuditEvent.objects.filter(action__startswith="fhir.").count()
        self.fhir("Patient")
        self.client.get("/fhir/R4/Patient")
        self.assertEqual(AuditEvent.objects.filter(action__startswith="fhir.").count(), before + 2)
        event = AuditEvent.objects.filter(action="fhir.search").latest("pk")
        self.assertEqual(event.actor_kind, "api")
        self.assertIn("riverside", event.actor_label)

    def test_it_answers_404_for_a_type_outside_the_token_scopes(self):
        token = self.token(scope="system/Patient.rs")
        response = self.api("Observation", token=token)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["resourceType"], "OperationOutcome")
        self.assertEqual(self.api("Patient", token=token).status_code, 200)

    def test_it_refuses_a_scope_the_client_was_not_given(self):
        import base64

        basic = base64.b64encode(f"riverside:{self.secret}".encode()).decode()
        response = self.client.post(
            "/fhir/R4/auth/token",
            {"grant_type": "client_credentials", "scope": "system/Patient.cruds"},
            HTTP_AUTHORIZATION=f"Basic {basic}",
        )
        self.assertEqual(response.status_code, 400)

    def test_it_answers_404_for_another_programs_patient(self):
        response = self.api(f"Patient/{self.cast.foreign_client.pk}")
        self.assertEqual(response.status_code, 404)
        bundle = self.fhir(f"Observation?patient={self.cast.foreign_client.pk}")
        self.assertEqual(bundle["total"], 0)


class EveryTypeTest(FhirTestCase):
    def test_it_returns_valid_resources_of_every_type(self):
        for kind in TYPES:
            with self.subTest(kind=kind):
                bundle = self.fhir(f"{kind}?_count=100")
                validation.validate(bundle)
                found = self.resources(bundle)
                self.assertTrue(found, f"no {kind}")
                for resource in found:
                    self.assertEqual(resource["resourceType"], kind)
                    validation.validate(resource)

    def test_it_reads_each_resource_by_id(self):
        for kind in TYPES:
            with self.subTest(kind=kind):
                first = self.resources(self.fhir(f"{kind}?_count=1"))[0]
                again = self.fhir(f"{kind}/{first['id']}")
                self.assertEqual(again, first)

    def test_it_labels_every_sud_record_part2_restricted(self):
        for kind in TYPES:
            if kind in ("Questionnaire", "AuditEvent"):
                continue
            with self.subTest(kind=kind):
                for resource in self.resources(self.fhir(f"{kind}?_count=100")):
                    self.assertTrue(labels(resource) >= PART2, resource["id"])

    def test_it_leaves_the_instrument_definitions_unlabelled(self):
        questionnaire = self.fhir("Questionnaire/phq9")
        self.assertFalse(labels(questionnaire))

    def test_it_codes_an_assessment_total_with_its_loinc_code(self):
        bundle = self.fhir("Observation?code=http://loinc.org|44261-6")
        (observation,) = self.resources(bundle)
        self.assertEqual(observation["code"]["coding"][0]["code"], "44261-6")
        self.assertEqual(observation["valueInteger"], 0)


class ConsentTest(FhirTestCase):
    def test_it_sends_only_the_records_of_clients_whose_consent_covers_the_purpose(self):
        patients = {r["id"] for r in self.resources(self.fhir("Patient"))}
        self.assertEqual(patients, {str(self.cast.client.pk)})
        subjects = {
            r["subject"]["reference"] for r in self.resources(self.fhir("Observation?_count=100"))
        }
        self.assertEqual(subjects, {f"Patient/{self.cast.client.pk}"})

    def test_it_explains_why_a_patient_is_withheld(self):
        response = self.api(f"Patient/{self.cast.other_client.pk}")
        self.assertEqual(response.status_code, 403)
        self.assertIn("consent", response.json()["issue"][0]["diagnostics"].lower())
        bundle = self.fhir(f"Condition?patient={self.cast.other_client.pk}")
        self.assertEqual(bundle["total"], 0)
        (note,) = self.resources(bundle, "outcome")
        self.assertIn("Riverside", note["issue"][0]["diagnostics"])

    def test_it_withholds_a_category_the_consent_leaves_out(self):
        from cairn.consents.tests.factories import make_consent

        make_consent(
            self.cast.other_client, self.cast.clinician, tpo=True, categories=["demographics"]
        )
        self.assertEqual(self.fhir("Patient")["total"], 2)
        self.assertEqual(self.fhir("Condition")["total"], 1)


class SearchTest(FhirTestCase):
    def test_it_filters_by_patient_date_code_and_status(self):
        pk = self.cast.client.pk
        self.assertEqual(self.fhir(f"Condition?patient=Patient/{pk}")["total"], 1)
        self.assertEqual(self.fhir("Condition?code=F10.20")["total"], 1)
        self.assertEqual(self.fhir("Condition?code=F11.20")["total"], 0)
        self.assertEqual(self.fhir("Condition?clinical-status=active")["total"], 1)
        self.assertEqual(self.fhir("Encounter?date=ge2000-01-01&date=le2999-12-31")["total"], 1)
        self.assertEqual(self.fhir("Encounter?date=lt2000-01-01")["total"], 0)
        self.assertEqual(self.fhir("Appointment?status=fulfilled")["total"], 1)
        self.assertEqual(self.fhir("MedicationStatement?status=active")["total"], 1)
        self.assertEqual(self.fhir("Observation?category=laboratory")["total"], 1)

    def test_it_links_an_encounter_to_its_appointment(self):
        (encounter,) = self.resources(self.fhir("Encounter"))
        appointment = encounter["appointment"][0]["reference"]
        self.assertEqual(self.fhir(appointment)["resourceType"], "Appointment")

    def test_it_includes_the_patient(self):
        bundle = self.fhir("Condition?_include=Condition:patient")
        (included,) = self.resources(bundle, "include")
        self.assertEqual(included["id"], str(self.cast.client.pk))

    def test_it_pages_with_links(self):
        first = self.fhir("Observation?_count=1")
        self.assertEqual(first["total"], 3)
        links = {link["relation"]: link["url"] for link in first["link"]}
        self.assertIn("next", links)
        seen = [self.resources(first)[0]["id"]]
        url = links["next"]
        while url:
            page = self.fhir(url.split("/fhir/R4/", 1)[1])
            seen += [r["id"] for r in self.resources(page)]
            url = {link["relation"]: link["url"] for link in page["link"]}.get("next")
        self.assertEqual(len(seen), 3)
        self.assertEqual(len(set(seen)), 3)

    def test_it_answers_400_to_bad_parameters(self):
        for query in (
            "Patient?nonsense=1",
            "Observation?date=yesterday",
            "Observation?_count=abc",
            "Observation?_count=100000",
            "Condition?clinical-status=sleepy",
            "Observation?patient=Group/1",
            "Observation?_include=Observation:performer",
            "Condition?code=%00",
            "Frobnicate",
            "patient",
            "Frobnicate/1",
        ):
            with self.subTest(query=query):
                response = self.api(query)
                self.assertEqual(response.status_code, 400, response.content)
                validation.validate(response.json())  # an OperationOutcome
                self.assertTrue(response.json()["issue"][0]["diagnostics"])


class QueryCountTest(FhirTestCase):
    def _count(self, path):
        self.fhir(path)  # token and caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.fhir(path)
        return len(queries)

    def test_it_pages_with_a_fixed_number_of_queries(self):
        paths = [
            "Observation?_count=20&_include=Observation:patient",
            "CarePlan",
            "Group",
            "Encounter",
            "Patient",
        ]
        before = {p: self._count(p) for p in paths}
        from cairn.consents.tests.factories import make_consent
        from cairn.fhir.tests.base import add_records

        for n in range(4):
            extra = make_client(self.cast.program, first_name=f"Extra{n}", last_name="Client")
            make_episode(extra, track=self.cast.client.episodes.first().track)
            make_consent(
                extra,
                self.cast.clinician,
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
            add_records(self.cast, extra)
        after = {p: self._count(p) for p in paths}
        self.assertEqual(after, before)

    def test_each_search_makes_an_exact_number_of_queries(self):
        """Token and system client (2), the consents (1), per source a count and a page (and
        the extras, the ``_include``d patients), then the audit event: its savepoint, the
        chain's newest hash, the insert, the release (4; and the chain's lock on PostgreSQL)."""
        from django.db import connection

        lock = 1 if connection.vendor == "postgresql" else 0
        expected = {
            "Patient": 9,
            "Patient?_count=0": 8,
            "Encounter": 9,
            "CarePlan": 10,
            "Group": 10,
            "Observation?_count=20&_include=Observation:patient": 14,
        }
        found = {path: self._count(path) - lock for path in expected}
        self.assertEqual(found, expected)
