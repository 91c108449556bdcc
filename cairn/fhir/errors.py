"""Errors as OperationOutcome (FHIR R4 §3.1.0.4 / RESTful API): a clear diagnostic, never a
stack trace."""

import json

from django.http import HttpResponse

FHIR_JSON = "application/fhir+json"


class ApiError(Exception):
    def __init__(self, status: int, code: str, diagnostics: str, headers: dict | None = None):
        super().__init__(diagnostics)
        self.status, self.code, self.diagnostics = status, code, diagnostics
        self.headers = headers or {}


def outcome(code: str, diagnostics: str, severity: str = "error") -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
    }


def fhir_response(resource: dict, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, separators=(",", ":")), status=status, content_type=FHIR_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(error: ApiError) -> HttpResponse:
    return fhir_response(outcome(error.code, error.diagnostics), error.status, error.headers)
