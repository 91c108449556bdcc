"""The FHIR R4 REST endpoints under ``/fhir/R4/`` (issue 13). Thin: authenticate, check the
SMART scope, read through the door (``resources``/``search``), map, audit, answer
``application/fhir+json``. Every refusal is an OperationOutcome; every call is audited."""

from __future__ import annotations

import base64
import json
import logging
from functools import wraps
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import TokenView

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.audit.log import record
from cairn.fhir import bulk, capability, mapping, search, writes
from cairn.fhir.auth import Caller, authenticate
from cairn.fhir.consent_filter import ConsentFilter
from cairn.fhir.errors import ApiError, error_response, fhir_response, outcome
from cairn.fhir.models import ExportJob
from cairn.fhir.resources import TYPES, BadParameter

log = logging.getLogger(__name__)
KNOWN = set(TYPES) | {"Questionnaire"}
ID_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")


def base_url(request) -> str:
    return request.build_absolute_uri("/fhir/R4").rstrip("/")


def endpoint(methods: tuple[str, ...], *, public: bool = False):
    """Method check, authentication, errors as OperationOutcome, one audit event per call."""

    def decorate(view):
        @csrf_exempt
        @login_not_required
        @wraps(view)
        def wrapper(request, **kwargs):
            caller = None
            audit = {"interaction": view.__name__, **{k: _safe(v) for k, v in kwargs.items()}}
            try:
                if request.method not in methods:
                    raise ApiError(
                        405,
                        "not-supported",
                        f"{request.method} is not supported here; use {', '.join(methods)}.",
                        {"Allow": ", ".join(methods)},
                    )
                if not public:
                    caller = authenticate(request)
                response = view(request, caller, audit=audit, **kwargs)
            except ApiError as error:
                response = error_response(error)
            except BadParameter as error:
                response = error_response(ApiError(400, "invalid", str(error)))
            except Exception:  # a bug: say so plainly, never a stack trace
                log.exception("FHIR API error")
                response = error_response(
                    ApiError(500, "exception", "Cairn could not answer this request.")
                )
            _audit(request, caller, audit, response)
            return response

        return wrapper

    return decorate


def _safe(value) -> str:
    """Text from the URL, fit for the audit trail (PostgreSQL refuses NUL characters)."""
    return str(value).replace("\x00", "\ufffd")[:64]


def _audit(request, caller: Caller | None, audit: dict, response) -> None:
    status = response.status_code
    record(
        f"fhir.{audit.pop('interaction')}",
        request=request,
        program_id=caller.system_client.program_id if caller else None,
        client_id=audit.pop("client_id", None),
        object_type=_safe(audit.pop("type", ""))[:60],
        object_id=_safe(audit.pop("id", ""))[:60],
        outcome="ok" if status < 400 else "denied" if status in (401, 403, 404) else "failed",
        detail={
            "status": status,
            "query": request.META.get("QUERY_STRING", "")[:300],
            **{k: v for k, v in audit.items() if k not in ("resource_type", "resource_id")},
        },
    )


def _pairs(data) -> list[tuple[str, str]]:
    return [(name, value) for name, values in data.lists() for value in values]


def _kind(resource_type: str):
    if resource_type not in KNOWN:
        raise ApiError(
            400,
            "not-supported",
            f"Unknown or unsupported resource type {resource_type[:60]!r}. Supported: "
            + ", ".join(sorted(KNOWN))
            + ".",
        )
    return TYPES.get(resource_type)


def _require_scope(caller: Caller, resource_type: str, letter: str) -> None:
    """Out of scope answers 404, as the door does (the issue, point 4)."""
    if not caller.allows(resource_type, letter):
        raise ApiError(
            404,
            "not-found",
            f"Not found: this client's scopes do not include system/{resource_type}.{letter}.",
        )


def _consent(caller: Caller) -> ConsentFilter:
    return ConsentFilter(caller.principal, caller.system_client)


# ---------------------------------------------------------------------------------------------


@endpoint(("GET", "HEAD"), public=True)
def metadata(request, caller, *, audit):
    return fhir_response(capability.statement(base_url(request)))


@endpoint(("GET", "HEAD", "POST"))
def type_level(request, caller, *, audit, resource_type):
    audit["type"] = resource_type
    kind = _kind(resource_type)
    if request.method == "POST":
        audit["interaction"] = "create"
        if resource_type != "QuestionnaireResponse":
            raise ApiError(
                405, "not-supported", f"Cairn accepts no {resource_type} writes over FHIR."
            )
        _require_scope(caller, resource_type, "c")
        return writes.create_questionnaire_response(request, caller, audit)
    audit["interaction"] = "search"
    return _search(request, caller, audit, resource_type, kind, _pairs(request.GET))


@endpoint(("POST",))
def search_post(request, caller, *, audit, resource_type):
    """``POST [type]/_search`` with form parameters."""
    audit["type"] = resource_type
    kind = _kind(resource_type)
    pairs = _pairs(request.GET) + _pairs(request.POST)
    return _search(request, caller, audit, resource_type, kind, pairs)


def _search(request, caller, audit, resource_type, kind, pairs):
    _require_scope(caller, resource_type, "s")
    query = search.parse(kind, pairs)
    base = f"{base_url(request)}/{resource_type}"
    if kind is None:
        found = search.questionnaires(query)
        page = found[query.offset : query.offset + query.count]
        return _bundle(request, base, pairs, query, len(found), page, [], [])
    consent = _consent(caller)
    notes = []
    if "patient" in query.filters:
        ids = search.patient_ids(query.filters["patient"])
        if len(ids) == 1:
            audit["client_id"] = ids[0]
        refused = _refusals(caller, consent, ids, kind)
        notes += refused
    total, resources, included = search.run(kind, caller.principal, query, consent)
    audit["count"] = len(resources)
    if not notes and any(s.category for s in kind.sources):
        notes.append(
            outcome(
                "suppressed",
                "Records of clients whose consents do not cover "
                f"{caller.system_client.get_purpose_display().lower()} for "
                f"{caller.system_client.name} are left out (42 CFR Part 2).",
                "information",
            )
        )
    return _bundle(request, base, pairs, query, total, resources, included, notes)


def _refusals(caller, consent, ids, kind) -> list[dict]:
    """Explain, for each named patient the door lets the client see, why a consent does not
    cover them (nothing is said about patients outside the program)."""
    categories = {s.category for s in kind.sources if s.category}
    clients = access.clients_for(caller.principal, Action.VIEW_DEMOGRAPHICS).filter(pk__in=ids)
    notes = []
    for client in clients:
        for category in sorted(categories):
            if client.pk not in consent.allowed(category):
                notes.append(outcome("suppressed", consent.reason(client, category), "warning"))
                break
    return notes


def _bundle(request, base, pairs, query, total, resources, included, notes):
    entries = [
        {
            "fullUrl": f"{base_url(request)}/{r['resourceType']}/{r['id']}",
            "resource": r,
            "search": {"mode": "match"},
        }
        for r in resources
    ]
    entries += [
        {
            "fullUrl": f"{base_url(request)}/Patient/{r['id']}",
            "resource": r,
            "search": {"mode": "include"},
        }
        for r in included
    ]
    entries += [{"resource": n, "search": {"mode": "outcome"}} for n in notes]
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": mapping.iso(timezone.now()),
        "total": total,
        "link": search.page_links(base, pairs, query, total),
        "entry": entries,
    }
    return fhir_response({k: v for k, v in bundle.items() if v != []})


@endpoint(("GET", "HEAD"))
def read(request, caller, *, audit, resource_type, resource_id):
    audit.update(type=resource_type, id=resource_id)
    kind = _kind(resource_type)
    _require_scope(caller, resource_type, "r")
    if not resource_id or set(resource_id) - ID_OK or len(resource_id) > 64:
        raise ApiError(400, "invalid", f"{resource_id[:64]!r} is not a valid FHIR id.")
    missing = ApiError(404, "not-found", f"{resource_type}/{resource_id} is not known here.")
    query = search.Query(filters={"_id": [resource_id]}, count=1)
    if kind is None:
        found = search.questionnaires(query)
        if not found:
            raise missing
        return fhir_response(found[0])
    consent = _consent(caller)
    _, resources, _ = search.run(kind, caller.principal, query, consent)
    if resources:
        subject = _subject_id(resources[0])
        if subject:
            audit["client_id"] = subject
        return fhir_response(resources[0])
    # Withheld by consent, or not there at all (another program's rows answer 404)?
    for source in kind.sources:
        row = search.filtered(source, caller.principal, query).first()
        if row is not None and source.category:
            client_id = search._client_id(row, source)
            client = access.clients_for(caller.principal, Action.VIEW_DEMOGRAPHICS).get(
                pk=client_id
            )
            audit["client_id"] = client_id
            raise ApiError(403, "suppressed", consent.reason(client, source.category))
    raise missing


def _subject_id(resource: dict):
    if resource["resourceType"] == "Patient":
        return int(resource["id"])
    for key in ("subject", "patient"):
        reference = (resource.get(key) or {}).get("reference", "")
        if reference.startswith("Patient/"):
            return int(reference.split("/")[1])
    return None


@csrf_exempt
@login_not_required
def token(request):
    """django-oauth-toolkit's token endpoint (client credentials), audited: who asked (the
    client id, never the secret) and whether a token was issued."""
    response = _TOKEN_VIEW(request)
    client_id = request.POST.get("client_id", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith("basic "):
        try:
            client_id = base64.b64decode(header[6:]).decode("utf-8").split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            client_id = "(unreadable)"
    record(
        "fhir.token",
        request=request,
        object_type="oauth2_provider.application",
        object_id=_safe(client_id),
        outcome="ok" if response.status_code == 200 else "denied",
        detail={"status": response.status_code, "scope": _safe(request.POST.get("scope", ""))},
    )
    return response


_TOKEN_VIEW = TokenView.as_view()


# --- Bulk data ($export) ----------------------------------------------------------------------


def _bulk_types(request) -> list[str] | None:
    text = request.GET.get("_type", "")
    if not text:
        return None
    types = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in types if t not in bulk.EXPORTABLE]
    if unknown:
        raise BadParameter(
            f"_type names {unknown[0][:60]!r}, which cannot be exported; exportable: "
            + ", ".join(bulk.EXPORTABLE)
            + "."
        )
    return types


def _kick_off(request, caller, audit, group=None):
    if request.headers.get("Prefer", "respond-async") != "respond-async":
        raise BadParameter("Bulk export needs the header 'Prefer: respond-async'.")
    extra = set(request.GET) - {"_type", "_outputFormat", "_since"}
    if extra:
        raise BadParameter(f"Unsupported export parameter {sorted(extra)[0][:60]!r}.")
    if request.GET.get("_outputFormat", "application/fhir+ndjson") not in (
        "application/fhir+ndjson",
        "application/ndjson",
        "ndjson",
    ):
        raise BadParameter("Only _outputFormat=application/fhir+ndjson is offered.")
    types = _bulk_types(request)
    if types:
        for kind in types:
            _require_scope(caller, kind, "r")
    else:  # every default type the client's scopes reach
        types = [kind for kind in bulk.DEFAULT_TYPES if caller.allows(kind, "r")]
        if not types:
            raise ApiError(404, "not-found", "This client's scopes allow no exportable type.")
    since = None
    if request.GET.get("_since"):
        since = parse_datetime(request.GET["_since"].replace(" ", "+"))
        if since is None or since.tzinfo is None:
            raise BadParameter("_since must be a FHIR instant, e.g. 2026-11-01T00:00:00Z.")
    job = bulk.kick_off(
        caller.system_client, types, group=group, since=since, url=request.get_full_path()
    )
    audit["id"] = str(job.pk)
    status_url = f"{base_url(request)}/$export-status/{job.pk}"
    response = HttpResponse(status=202)
    response["Content-Location"] = status_url
    return response


@endpoint(("GET",))
def export_system(request, caller, *, audit):
    audit["type"] = "ExportJob"
    return _kick_off(request, caller, audit)


@endpoint(("GET",))
def export_group(request, caller, *, audit, group_id):
    audit["type"] = "Group"
    _require_scope(caller, "Group", "r")
    track = bulk.group_for(caller.principal, group_id)
    if track is None:
        raise ApiError(404, "not-found", f"Group/{group_id[:40]} is not known here.")
    return _kick_off(request, caller, audit, group=track)


def _job(caller, job_id) -> ExportJob:
    job = bulk.job_for(caller.system_client, job_id)
    if job is None:
        raise ApiError(404, "not-found", "No such export for this client.")
    return job


@endpoint(("GET", "DELETE"))
def export_status(request, caller, *, audit, job_id):
    audit.update(type="ExportJob", id=job_id)
    job = _job(caller, job_id)
    if request.method == "DELETE":
        bulk.cancel(job)
        return fhir_response(outcome("informational", "Export cancelled.", "information"), 202)
    if job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING):
        response = HttpResponse(status=202)
        response["X-Progress"] = job.progress or job.get_status_display()
        response["Retry-After"] = "2"
        return response
    if job.status == ExportJob.Status.FAILED:
        raise ApiError(500, "exception", f"The export failed: {job.error or 'unknown error'}.")
    base = base_url(request)
    manifest = {
        "transactionTime": mapping.iso(job.created_at),
        "request": f"{request.build_absolute_uri(job.request_url)}",
        "requiresAccessToken": True,
        "output": [
            {
                "type": item["type"],
                "url": f"{base}/$export-file/{job.pk}/{item['file']}",
                "count": item["count"],
            }
            for item in job.output
        ],
        "error": [],
    }
    return HttpResponse(json.dumps(manifest), content_type="application/json")


@endpoint(("GET",))
def export_file(request, caller, *, audit, job_id, name):
    audit.update(type="ExportJob", id=job_id)
    job = _job(caller, job_id)
    path = bulk.file_path(job, name)
    if path is None:
        raise ApiError(404, "not-found", f"No file {name[:60]!r} in this export.")
    handle = Path(path).open("rb")  # noqa: SIM115 — FileResponse closes it
    return FileResponse(handle, content_type="application/fhir+ndjson")
