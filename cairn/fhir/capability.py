"""``GET /fhir/R4/metadata``: the CapabilityStatement, built from the registry so it lists
exactly what is served (types, interactions, search parameters, operations, security)."""

from cairn.fhir.resources import QUESTIONNAIRE_PARAMS, TYPES

SMART_SECURITY = "http://terminology.hl7.org/CodeSystem/restful-security-service"
OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
BULK_EXPORT = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition"


def _params(params: dict) -> list[dict]:
    return [{"name": name, "type": kind} for name, kind in params.items()] + [
        {"name": "_count", "type": "number"}
    ]


def statement(base: str) -> dict:
    resources = []
    for name, kind in sorted(TYPES.items()):
        interactions = [{"code": "read"}, {"code": "search-type"}]
        if name == "QuestionnaireResponse":
            interactions.append({"code": "create"})
        entry = {
            "type": name,
            "documentation": kind.documentation,
            "interaction": interactions,
            "searchParam": _params(kind.params),
        }
        if kind.patient_param:
            entry["searchInclude"] = [f"{name}:patient"]
        if name == "Group":
            entry["operation"] = [{"name": "export", "definition": f"{BULK_EXPORT}/group-export"}]
        resources.append(entry)
    resources.append(
        {
            "type": "Questionnaire",
            "documentation": "The standardized instruments (PHQ-9, GAD-7, …).",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": _params(QUESTIONNAIRE_PARAMS),
        }
    )
    resources.sort(key=lambda r: r["type"])
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-27",
        "publisher": "Cairn",
        "kind": "instance",
        "software": {"name": "Cairn"},
        "implementation": {"description": "Cairn FHIR R4 API", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Records derived from SUD treatment carry the 42CFRPart2 and "
                "R security labels; a client receives a patient's records only under a "
                "consent covering its purpose.",
                "security": {
                    "extension": [
                        {
                            "url": OAUTH_URIS,
                            "extension": [{"url": "token", "valueUri": f"{base}/auth/token"}],
                        }
                    ],
                    "service": [{"coding": [{"system": SMART_SECURITY, "code": "SMART-on-FHIR"}]}],
                    "description": "OAuth2 client credentials; SMART v2 system scopes "
                    "(system/Patient.rs, system/Observation.rs, "
                    "system/QuestionnaireResponse.c …).",
                },
                "resource": resources,
                "operation": [{"name": "export", "definition": f"{BULK_EXPORT}/export"}],
            }
        ],
    }
