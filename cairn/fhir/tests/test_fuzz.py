"""Fuzzing search parameters and bodies (hypothesis): never a 500."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from cairn.fhir.tests.base import FhirTestCase

NAMES = st.sampled_from(
    [
        "_id",
        "patient",
        "date",
        "code",
        "status",
        "_count",
        "_offset",
        "_include",
        "category",
        "clinical-status",
        "questionnaire",
        "identifier",
        "x",
        "date:exact",
        "patient:Patient",
    ]
)
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "ge2026-01-01",
            "le2026-13-40",
            "Patient/1",
            "1,2,3",
            "-1",
            "9" * 30,
            "eq2026",
            "2026-02-30",
            "gt2026-01-01T10:00:00+99:00",
            "|",
            "http://loinc.org|",
        ]
    ),
)
TYPES = st.sampled_from(
    [
        "Patient",
        "Observation",
        "Condition",
        "Encounter",
        "Questionnaire",
        "QuestionnaireResponse",
        "AuditEvent",
        "Group",
        "Nope",
        "patient",
    ]
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


class FuzzTest(FhirTestCase, HypothesisTestCase):
    def test_its_token_works(self):
        self.assertEqual(self.api("Patient").status_code, 200)

    @FAST
    @given(kind=TYPES, params=st.lists(st.tuples(NAMES, VALUES), max_size=4))
    def test_it_never_answers_500_to_search_parameters(self, kind, params):
        from urllib.parse import urlencode

        response = self.api(f"{kind}?{urlencode(params)}")
        self.assertLess(response.status_code, 500, response.content[:300])
        self.assertNotEqual(response.status_code, 401)
        self.assertNotEqual(response.status_code, 401)
        self.assertEqual(response["Content-Type"], "application/fhir+json")

    @FAST
    @given(resource_id=st.text(max_size=70))
    def test_it_never_answers_500_to_ids(self, resource_id):
        from urllib.parse import quote

        response = self.api(f"Observation/{quote(resource_id, safe='')}")
        self.assertLess(response.status_code, 500)

    @FAST
    @given(
        body=st.one_of(
            st.text(max_size=60),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                lambda c: (
                    st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=4)
                ),
                max_leaves=10,
            ).map(json.dumps),
            st.fixed_dictionaries(
                {
                    "resourceType": st.just("QuestionnaireResponse"),
                    "status": st.sampled_from(["completed", "in-progress", 3]),
                    "questionnaire": st.sampled_from(
                        ["https://cairn.example.org/fhir/Questionnaire/phq9", "x", ""]
                    ),
                    "subject": st.fixed_dictionaries({"reference": st.text(max_size=12)}),
                    "item": st.lists(
                        st.fixed_dictionaries(
                            {
                                "linkId": st.sampled_from(["1", "9", "zz"]),
                                "answer": st.lists(
                                    st.dictionaries(
                                        st.sampled_from(
                                            ["valueCoding", "valueBoolean", "valueInteger"]
                                        ),
                                        st.one_of(
                                            st.integers(),
                                            st.booleans(),
                                            st.fixed_dictionaries({"code": st.text(max_size=9)}),
                                        ),
                                        max_size=1,
                                    ),
                                    max_size=2,
                                ),
                            }
                        ),
                        max_size=3,
                    ),
                }
            ).map(json.dumps),
        )
    )
    def test_it_never_answers_500_to_bodies(self, body):
        response = self.api(
            "QuestionnaireResponse", method="post", data=body, content_type="application/fhir+json"
        )
        self.assertLess(response.status_code, 500, response.content[:300])
        self.assertNotEqual(response.status_code, 401)
