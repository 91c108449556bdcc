"""POST QuestionnaireResponse: scored by the assessments app's code, alerts raised, the total
readable as an Observation with its LOINC code; bad bodies answer 400 and store nothing."""

import json

from cairn.assessments.models import Administration
from cairn.fhir import mapping, validation
from cairn.fhir.tests.base import FhirTestCase
from cairn.worklist.models import Alert

PHQ9 = {"1": 3, "2": 3, "3": 2, "4": 2, "5": 1, "6": 1, "7": 1, "8": 0, "9": 1}
LOINC_ANSWER = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}


def phq9_response(patient_id, answers=PHQ9, **overrides):
    body = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": mapping.questionnaire_url("phq9"),
        "status": "completed",
        "subject": {"reference": f"Patient/{patient_id}"},
        "authored": "2026-11-20T15:00:00Z",
        "item": [
            {
                "linkId": link_id,
                "answer": [
                    {"valueCoding": {"system": "http://loinc.org", "code": LOINC_ANSWER[v]}}
                ],
            }
            for link_id, v in answers.items()
        ],
    }
    body.update(overrides)
    return body


class WriteTest(FhirTestCase):
    def post(self, body, status):
        return self.fhir(
            "QuestionnaireResponse",
            status=status,
            method="post",
            data=json.dumps(body) if not isinstance(body, str) else body,
            content_type="application/fhir+json",
        )

    def test_it_scores_and_stores_a_response(self):
        created = self.post(phq9_response(self.cast.client.pk), 201)
        validation.validate(created)
        administration = Administration.objects.get(pk=created["id"])
        self.assertEqual(administration.total, 14)
        self.assertEqual(administration.band, "moderate")
        self.assertEqual(administration.status, "submitted")
        observation = self.fhir(f"Observation/asmt-{administration.pk}")
        self.assertEqual(observation["code"]["coding"][0]["code"], "44261-6")
        self.assertEqual(observation["valueInteger"], 14)

    def test_it_raises_the_same_safety_alert(self):
        before = Alert.objects.filter(client=self.cast.client).count()
        self.post(phq9_response(self.cast.client.pk), 201)
        self.assertGreater(Alert.objects.filter(client=self.cast.client).count(), before)
        self.assertTrue(Administration.objects.filter(critical=True).exists())

    def test_it_refuses_bad_bodies_and_stores_nothing(self):
        before = Administration.objects.count()
        missing = dict(PHQ9)
        missing.pop("9")
        cases = [
            ("{not json", 400),
            (json.dumps({"resourceType": "Patient"}), 400),
            (phq9_response(self.cast.client.pk, answers=missing), 400),
            (
                phq9_response(self.cast.client.pk, questionnaire="http://x.org/Questionnaire/zz"),
                422,
            ),
            (phq9_response(self.cast.client.pk, status="in-progress"), 400),
            (phq9_response("abc"), 400),
            (phq9_response(self.cast.foreign_client.pk), 404),
            (
                phq9_response(
                    self.cast.client.pk,
                    item=[{"linkId": "1", "answer": [{"valueCoding": {"code": "nope"}}]}],
                ),
                400,
            ),
            (phq9_response(self.cast.client.pk, status=7), 400),
        ]
        for body, status in cases:
            with self.subTest(body=str(body)[:80]):
                outcome = self.post(body, status)
                self.assertEqual(outcome["resourceType"], "OperationOutcome")
        self.assertEqual(Administration.objects.count(), before)

    def test_it_needs_the_create_scope(self):
        token = self.token(scope="system/QuestionnaireResponse.rs")
        response = self.api(
            "QuestionnaireResponse",
            method="post",
            token=token,
            data=json.dumps(phq9_response(self.cast.client.pk)),
            content_type="application/fhir+json",
        )
        self.assertEqual(response.status_code, 404)

    def test_it_accepts_no_other_writes(self):
        response = self.api("Patient", method="post", data="{}", content_type="application/json")
        self.assertEqual(response.status_code, 405)
