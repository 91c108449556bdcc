"""Export of one client's whole record (ONC EHI export, 45 CFR 170.315(b)(10); DOMAIN.md security
baseline): a ZIP of documented JSON plus a readable PDF summary, for the client's own request —
a right of access, so no consent is needed — made by a program director and audited.

The JSON is an interim format (``EXPORT_FORMAT.md``, shipped inside the ZIP) shaped like FHIR R4
so that the FHIR app can replace it: each file is a ``Bundle`` of type ``collection`` whose
entries are resources with ``resourceType`` and ``id``. When the FHIR app lands it calls
``set_resource_mapper(mapper)``; ``mapper(client, category_key, content)`` returns real FHIR R4
resources (dicts) for a category, and the export's format becomes ``fhir-r4``. Every resource
and every bundle carries the Part 2 security labels (``42CFRPart2``, confidentiality ``R``,
refrain policy ``NORDSCLCD``).

SUD counseling notes are not part of the export (as psychotherapy notes are outside the HIPAA
right of access); they are released only under their own consent.
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cairn.audit.log import record
from cairn.consents import packages
from cairn.consents.categories import Content, Period, collect
from cairn.consents.models import Consent, Disclosure, RecordExport
from cairn.consents.vocabulary import CATEGORIES, SECURITY_LABELS

INTERIM_FORMAT = "cairn-interim-1"
FHIR_FORMAT = "fhir-r4"
FORMAT_DOC = "consents/EXPORT_FORMAT.md"  # a template, so it ships with the package
FORMAT_SYSTEM = "urn:cairn:export-format"

_mapper: Callable | None = None


def set_resource_mapper(mapper: Callable | None) -> None:
    """The FHIR app's hook: ``mapper(client, category_key, content) -> list[dict]``."""
    global _mapper
    _mapper = mapper


def export_format() -> str:
    return FHIR_FORMAT if _mapper else INTERIM_FORMAT


def part2_meta(extra: dict | None = None) -> dict:
    """FHIR ``meta`` carrying the Part 2 security labels."""
    return {"security": [dict(label) for label in SECURITY_LABELS], **(extra or {})}


def labelled(resource: dict) -> dict:
    meta = dict(resource.get("meta") or {})
    security = list(meta.get("security") or [])
    codes = {(s.get("system"), s.get("code")) for s in security}
    security += [dict(s) for s in SECURITY_LABELS if (s["system"], s["code"]) not in codes]
    return {**resource, "meta": {**meta, "security": security}}


def bundle(resources: list[dict], *, generated_at) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": generated_at.isoformat(),
        "meta": part2_meta({"tag": [{"system": FORMAT_SYSTEM, "code": export_format()}]}),
        "entry": [{"fullUrl": f"urn:cairn:{r['id']}", "resource": labelled(r)} for r in resources],
    }


def exportable_categories() -> list[str]:
    return [key for key, category in CATEGORIES.items() if not category.separate]


def _resources(client, key: str, content: Content) -> list[dict]:
    return _mapper(client, key, content) if _mapper else content.records


def consent_resource(consent: Consent) -> dict:
    status = consent.status
    fhir_status = {
        Consent.Status.ACTIVE: "active",
        Consent.Status.NOT_YET: "active",
        Consent.Status.AWAITING_SIGNATURE: "draft",
        Consent.Status.VOIDED: "entered-in-error",
    }.get(status, "inactive")
    return {
        "resourceType": "Consent",
        "id": f"consents.consent:{consent.pk}",
        "status": fhir_status,
        "cairnStatus": status,
        "dateTime": consent.signed_at.isoformat() if consent.signed_at else None,
        "discloser": consent.discloser,
        "recipient": {
            "kind": consent.recipient_kind,
            "name": consent.recipient_name,
            "organization": consent.recipient_organization or None,
        },
        "tpo": consent.is_tpo,
        "categories": consent.categories,
        "informationDetail": consent.information_detail or None,
        "recordsPeriod": {
            "start": consent.records_from.isoformat() if consent.records_from else None,
            "end": consent.records_to.isoformat() if consent.records_to else None,
        },
        "purpose": consent.purpose,
        "purposeDetail": consent.purpose_detail or None,
        "expires": consent.expiry_label,
        "signer": {
            "kind": consent.signer_kind or None,
            "name": consent.signer_name or None,
            "authority": consent.representative_authority or None,
            "method": consent.signature_method or None,
            "date": consent.signed_on.isoformat() if consent.signed_on else None,
        },
        "revoked": {
            "date": consent.revoked_on.isoformat(),
            "how": consent.revoked_how,
        }
        if consent.revoked_on
        else None,
    }


def disclosure_resource(disclosure: Disclosure) -> dict:
    return {
        "resourceType": "AuditEvent",
        "id": f"consents.disclosure:{disclosure.pk}",
        "type": "disclosure",
        "subtype": disclosure.kind,
        "recorded": disclosure.released_at.isoformat(),
        "reference": disclosure.reference,
        "recipient": disclosure.recipient_label,
        "purpose": disclosure.purpose,
        "description": disclosure.description,
        "consent": f"consents.consent:{disclosure.consent_id}" if disclosure.consent_id else None,
        "emergencyReason": disclosure.emergency_reason or None,
    }


@dataclass
class Export:
    filename: str
    data: bytes
    record: RecordExport


def _summary_pdf(client, contents, consents, disclosures, *, by, now, reason) -> bytes:
    pdf = packages.render_pdf(
        "consents/pdf/summary.html",
        {
            "client": client,
            "program": client.program,
            "blocks": packages.category_blocks(contents),
            "consents": consents,
            "disclosures": disclosures,
            "exported_by": by,
            "exported_at": now,
            "reason": reason,
        },
        top_left=f"{client.program.name} — confidential",
        top_right=f"Record of {client.first_name} {client.last_name}",
    )
    return pdf.data


def build_zip(client, *, by, reason: str, now) -> tuple[bytes, list[str]]:
    contents = collect(client, exportable_categories(), Period())
    consents = list(Consent.objects.filter(client=client).select_related("episode"))
    disclosures = list(Disclosure.objects.filter(client=client).defer("package_pdf"))
    files: dict[str, bytes] = {}
    for key, content in contents.items():
        files[f"{key}.json"] = _json(bundle(_resources(client, key, content), generated_at=now))
    files["consents.json"] = _json(
        bundle([consent_resource(c) for c in consents], generated_at=now)
    )
    files["disclosures.json"] = _json(
        bundle([disclosure_resource(d) for d in disclosures], generated_at=now)
    )
    files["summary.pdf"] = _summary_pdf(
        client, contents, consents, disclosures, by=by, now=now, reason=reason
    )
    files["README.md"] = render_to_string(
        FORMAT_DOC, {"format": export_format(), "generated_at": now.isoformat()}
    ).encode()
    manifest = {
        "format": export_format(),
        "generatedAt": now.isoformat(),
        "generatedBy": by.display_name,
        "reason": reason,
        "program": client.program.name,
        "patient": f"clients.client:{client.pk}",
        "meta": part2_meta(),
        "files": [
            {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in sorted(files.items())
        ],
    }
    files["manifest.json"] = _json(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue(), sorted(files)


def _json(value) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False).encode()


def export_record(client, *, by, reason: str, request=None) -> Export:
    """Build the ZIP and record the export (who, when, why, the file's hash) with its audit
    event, in one transaction."""
    reason = reason.strip() or "The client's request for their record"
    now = timezone.now()
    data, names = build_zip(client, by=by, reason=reason, now=now)
    with transaction.atomic():
        export = RecordExport.objects.create(
            client=client,
            program_id=client.program_id,
            exported_by=by,
            exported_at=now,
            reason=reason[:300],
            format=export_format(),
            files=names,
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
        )
        record(
            "record.export",
            request=request,
            actor=by,
            obj=export,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"format": export.format, "sha256": export.sha256, "bytes": len(data)},
        )
    filename = f"record-{client.mrn}-{now:%Y%m%d-%H%M}.zip"
    return Export(filename, data, export)
