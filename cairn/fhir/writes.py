"""``POST QuestionnaireResponse``: translate the response into the assessments app's answers
and hand it to the app's own operations (``start_administration``, ``submit_administration``):
the same scoring, the same safety alerts, the same audit. The stored administration is then
both the QuestionnaireResponse and the Observation of its total (``Observation/asmt-<id>``)."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils.dateparse import parse_datetime
from pydantic import ValidationError

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.assessments.administration import start_administration, submit_administration
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Method
from cairn.assessments.scoring import AnswerError
from cairn.fhir import mapping, validation
from cairn.fhir.errors import ApiError, fhir_response


def _parse(request) -> dict:
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError(400, "structure", f"The body is not valid JSON: {error}.") from None
    if not isinstance(body, dict) or body.get("resourceType") != "QuestionnaireResponse":
        raise ApiError(400, "invalid", "The body must be a QuestionnaireResponse resource.")
    try:
        validation.validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ApiError(
            400, "invalid", f"Not a valid FHIR QuestionnaireResponse: {where}: {first['msg']}."
        ) from None
    except Exception as error:  # fhir.resources raises its own errors on odd input
        raise ApiError(
            400, "invalid", f"Not a valid FHIR QuestionnaireResponse: {error}."
        ) from None
    return body


def _instrument_code(canonical: str) -> str:
    url = (canonical or "").split("|", 1)[0].rstrip("/")
    code = url.rsplit("/", 1)[-1]
    if not code or url != mapping.questionnaire_url(code):
        raise ApiError(
            422,
            "not-found",
            f"Unknown Questionnaire {canonical[:120]!r}; use one of Cairn's canonical URLs, "
            f"e.g. {mapping.questionnaire_url('phq9')} (see GET Questionnaire).",
        )
    try:
        get_instrument(code)
    except (KeyError, ValueError):
        raise ApiError(422, "not-found", f"Unknown Questionnaire {canonical[:120]!r}.") from None
    return code


def _flatten(items) -> dict[str, list]:
    found = {}
    for item in items or []:
        if item.get("answer"):
            found[item["linkId"]] = item["answer"]
        found.update(_flatten(item.get("item")))
    return found


def answers_from(code: str, body: dict) -> dict:
    """linkId → the answer ``scoring.score`` reads (an option's score, or a boolean)."""
    instrument = get_instrument(code)
    answers = {}
    for link_id, given in _flatten(body.get("item")).items():
        try:
            item = instrument.item(link_id)
        except KeyError:
            raise ApiError(400, "invalid", f"Item {link_id!r} is not in {code}.") from None
        value = given[0]
        if "valueBoolean" in value:
            answers[link_id] = bool(value["valueBoolean"])
        elif "valueCoding" in value:
            code_given = value["valueCoding"].get("code")
            match = [o for o in item.options if code_given in (o.loinc, o.code)]
            if not match:
                raise ApiError(
                    400, "invalid", f"Item {link_id!r}: {code_given!r} is not one of its answers."
                )
            answers[link_id] = match[0].score
        elif "valueInteger" in value:
            answers[link_id] = int(value["valueInteger"])
        else:
            raise ApiError(400, "invalid", f"Item {link_id!r}: answer with valueCoding.")
    return answers


def create_questionnaire_response(request, caller, audit):
    body = _parse(request)
    code = _instrument_code(body.get("questionnaire", ""))
    if body.get("status") != "completed":
        raise ApiError(400, "invalid", "Only a completed QuestionnaireResponse can be scored.")
    reference = (body.get("subject") or {}).get("reference", "")
    client_id = reference.removeprefix("Patient/")
    if not reference.startswith("Patient/") or not client_id.isdigit():
        raise ApiError(400, "required", "subject must reference the Patient: Patient/<id>.")
    client = (
        access.clients_for(caller.principal, Action.WRITE_CLINICAL)
        .filter(pk=int(client_id))
        .first()
    )
    if client is None:
        raise ApiError(404, "not-found", f"Patient/{client_id} is not known here.")
    audit["client_id"] = client.pk
    answers = answers_from(code, body)
    authored = parse_datetime(body["authored"]) if body.get("authored") else None
    if body.get("authored") and (authored is None or authored.tzinfo is None):
        authored = None  # a date without a time: when it was received
    by = caller.system_client.application.user
    try:
        with transaction.atomic():
            draft = start_administration(client, code, by=by, method=Method.STAFF, request=request)
            administration = submit_administration(
                draft, answers, by=by, administered_at=authored, request=request
            )
    except AnswerError as error:
        raise ApiError(400, "invalid", f"The answers cannot be scored: {error}.") from None
    except ValueError as error:
        raise ApiError(400, "invalid", str(error)) from None
    audit["id"] = str(administration.pk)
    resource = mapping.questionnaire_response(administration)
    location = f"{request.build_absolute_uri('/fhir/R4')}/QuestionnaireResponse/{administration.pk}"
    return fhir_response(
        resource,
        201,
        {"Location": location, "X-Cairn-Observation": f"Observation/asmt-{administration.pk}"},
    )
