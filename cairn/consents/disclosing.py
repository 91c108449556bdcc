"""Releasing records: a package under a consent, or in a medical emergency; the director's
review of emergency disclosures. No consent, no disclosure (issue 12, point 3).

A package under a consent is produced only when, at that moment, the consent covers every
category and date asked for (``rules.coverage``). The PDF is rendered first (outside any lock);
then, in one transaction, the consent is locked and checked again — a revocation recorded in
the meantime wins — and the disclosure is recorded with the package exactly as released.
Every refusal is audited (``disclosure.refused``, outcome denied) and releases nothing.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cairn.accounts.models import StaffRole
from cairn.accounts.roles import Role
from cairn.audit.log import record
from cairn.audit.models import AuditEvent
from cairn.consents import packages
from cairn.consents.categories import Period, collect
from cairn.consents.models import Consent, Disclosure
from cairn.consents.rules import coverage
from cairn.consents.vocabulary import (
    COUNSELING_NOTES,
    Purpose,
    RecipientKind,
    ordered,
)
from cairn.worklist.models import Task
from cairn.worklist.operations import complete_task, raise_task

REVIEW_TASK = "disclosure_review"
REVIEW_DAYS = 3


class DisclosureRefused(Exception):
    """The package cannot be produced; ``reasons`` say why in plain words (the first names the
    missing element or the rule that failed)."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def refuse(client, reasons: list[str], *, by, consent=None, request=None, detail=None):
    """Audit a refused attempt and raise ``DisclosureRefused``."""
    audit_refusal(client, reasons, by=by, consent=consent, request=request, detail=detail)
    raise DisclosureRefused(reasons)


def audit_refusal(client, reasons: list[str], *, by, consent=None, request=None, detail=None):
    """Record a refused attempt to disclose (outcome denied) in its own transaction, so it
    stays whatever the caller does next."""
    with transaction.atomic():
        record(
            "disclosure.refused",
            request=request,
            actor=by,
            client_id=client.pk,
            program_id=client.program_id,
            object_type="consents.consent" if consent else "",
            object_id=consent.pk if consent else "",
            outcome=AuditEvent.Outcome.DENIED,
            detail={"reasons": [r[:200] for r in reasons[:5]], **(detail or {})},
        )


def new_reference(today) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"D-{today:%Y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(6))


def _package(client, contents, *, reference, template, top_right, context) -> packages.Pdf:
    return packages.render_pdf(
        template,
        {
            "client": client,
            "program": client.program,
            "reference": reference,
            "blocks": packages.category_blocks(contents),
            **context,
        },
        top_left=f"{client.program.name} — confidential",
        top_right=top_right,
    )


def _manifest(contents) -> dict:
    return {key: content.references for key, content in contents.items()}


def release_with_consent(
    client,
    consent: Consent,
    *,
    categories,
    period: Period,
    by,
    purpose: str = "",
    request=None,
) -> Disclosure:
    """Produce and record a records package for the consent's recipient. ``purpose`` defaults to
    the consent's; a TPO consent's disclosure names treatment, payment or operations."""
    keys = ordered(categories)
    purpose = purpose or consent.purpose
    now = timezone.now()
    today = timezone.localdate(now)
    if consent.client_id != client.pk:
        refuse(client, ["That consent belongs to another client."], by=by, request=request)
    if not keys:
        refuse(
            client,
            ["Choose at least one kind of information."],
            by=by,
            consent=consent,
            request=request,
        )
    if period.start and period.end and period.end < period.start:
        refuse(
            client,
            ["The end of the dates is before the start."],
            by=by,
            consent=consent,
            request=request,
        )

    def check(current: Consent):
        return coverage(current, purpose=purpose, categories=keys, period=period, on=today)

    def refused(result):
        refuse(
            client,
            result.reasons,
            by=by,
            consent=result.consent,
            request=request,
            detail={"categories": keys, "missing": [str(m) for m in result.missing]},
        )

    if not (result := check(consent)):
        refused(result)
    reference = new_reference(today)
    contents = collect(client, keys, period)
    description = packages.describe(contents, period)
    pdf = _package(
        client,
        contents,
        reference=reference,
        template="consents/pdf/package.html",
        top_right=f"Disclosure {reference}",
        context={
            "consent": consent,
            "emergency": False,
            "recipient": consent.recipient_label,
            "purpose": Purpose(purpose).label,
            "released_by": by,
            "released_at": now,
            "period": period,
            "description": description,
        },
    )
    with transaction.atomic():
        current = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("client", "episode")
            .get(pk=consent.pk)
        )
        # Checked again under the lock: a revocation recorded since the first check wins.
        result = check(current)
        if result:
            disclosure = Disclosure.objects.create(
                client=client,
                program_id=client.program_id,
                kind=Disclosure.Kind.CONSENT,
                reference=reference,
                consent=current,
                recipient_kind=current.recipient_kind,
                recipient_name=current.recipient_name,
                recipient_organization=current.recipient_organization,
                purpose=purpose,
                purpose_detail=current.purpose_detail,
                categories=keys,
                period_from=period.start,
                period_to=period.end,
                description=description,
                manifest=_manifest(contents),
                released_by=by,
                released_at=now,
                package_pdf=pdf.data,
                package_sha256=hashlib.sha256(pdf.data).hexdigest(),
                package_pages=pdf.pages,
            )
            record(
                "disclosure.release",
                request=request,
                actor=by,
                obj=disclosure,
                client_id=client.pk,
                program_id=client.program_id,
                detail={
                    "consent": current.pk,
                    "categories": keys,
                    "records": sum(len(v) for v in disclosure.manifest.values()),
                    "sha256": disclosure.package_sha256,
                },
            )
    if not result:
        refused(result)
    return disclosure


def release_in_emergency(
    client,
    *,
    recipient_name: str,
    recipient_organization: str,
    reason: str,
    categories,
    period: Period,
    by,
    request=None,
) -> Disclosure:
    """A disclosure without consent to medical personnel in a bona fide medical emergency
    (42 CFR 2.51): the recipient, their facility and the nature of the emergency are recorded,
    and the program's directors get a task to review it. Never SUD counseling notes."""
    keys = ordered(categories)
    errors = {}
    if not recipient_name.strip():
        errors["recipient_name"] = ["Name the medical personnel receiving the records."]
    if not recipient_organization.strip():
        errors["recipient_organization"] = ["Name their hospital, practice or service."]
    if not reason.strip():
        errors["reason"] = ["Describe the medical emergency."]
    if not keys:
        errors["categories"] = ["Choose at least one kind of information."]
    if COUNSELING_NOTES in keys:
        errors["categories"] = ["SUD counseling notes are never released without their consent."]
    if errors:
        _audit_emergency_refusal(client, errors, by=by, request=request)
        raise ValidationError(errors)
    now = timezone.now()
    reference = new_reference(timezone.localdate(now))
    contents = collect(client, keys, period)
    description = packages.describe(contents, period)
    pdf = _package(
        client,
        contents,
        reference=reference,
        template="consents/pdf/package.html",
        top_right=f"Disclosure {reference}",
        context={
            "consent": None,
            "emergency": True,
            "emergency_reason": reason.strip(),
            "recipient": f"{recipient_name.strip()}, {recipient_organization.strip()}",
            "purpose": Purpose.MEDICAL_EMERGENCY.label,
            "released_by": by,
            "released_at": now,
            "period": period,
            "description": description,
        },
    )
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            client=client,
            program_id=client.program_id,
            kind=Disclosure.Kind.EMERGENCY,
            reference=reference,
            recipient_kind=RecipientKind.MEDICAL_PERSONNEL,
            recipient_name=recipient_name.strip(),
            recipient_organization=recipient_organization.strip(),
            purpose=Purpose.MEDICAL_EMERGENCY,
            categories=keys,
            period_from=period.start,
            period_to=period.end,
            description=description,
            manifest=_manifest(contents),
            emergency_reason=reason.strip(),
            released_by=by,
            released_at=now,
            package_pdf=pdf.data,
            package_sha256=hashlib.sha256(pdf.data).hexdigest(),
            package_pages=pdf.pages,
        )
        record(
            "disclosure.emergency",
            request=request,
            actor=by,
            obj=disclosure,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"categories": keys, "sha256": disclosure.package_sha256},
        )
        _ask_directors_to_review(disclosure)
    return disclosure


def _audit_emergency_refusal(client, errors, *, by, request) -> None:
    with transaction.atomic():
        record(
            "disclosure.refused",
            request=request,
            actor=by,
            client_id=client.pk,
            program_id=client.program_id,
            outcome=AuditEvent.Outcome.DENIED,
            detail={"emergency": True, "fields": sorted(errors)},
        )


def _directors(program_id):
    return [
        role.user
        for role in StaffRole.objects.filter(
            program_id=program_id, role=Role.DIRECTOR, user__is_active=True
        ).select_related("user")
    ]


def _ask_directors_to_review(disclosure: Disclosure) -> None:
    for director in _directors(disclosure.program_id):
        raise_task(
            program_id=disclosure.program_id,
            owner=director,
            kind=REVIEW_TASK,
            title="Review an emergency disclosure",
            due_at=disclosure.released_at + timedelta(days=REVIEW_DAYS),
            client=disclosure.client,
            detail=f"Records released to {disclosure.recipient_label} without consent.",
            source=f"consents.disclosure:{disclosure.pk}",
            url=reverse("consents:disclosure", kwargs={"disclosure_id": disclosure.pk}),
        )


def review_emergency_disclosure(disclosure: Disclosure, *, by, note: str, request=None):
    """The director's review of an emergency disclosure: a note, once. Closes the review tasks."""
    if not note.strip():
        raise ValidationError({"note": "Write what the review found."})
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if not disclosure.is_emergency:
            raise ValidationError("Only emergency disclosures are reviewed.")
        if disclosure.reviewed_at:
            raise ValidationError("This disclosure has been reviewed already.")
        disclosure.reviewed_by = by
        disclosure.reviewed_at = timezone.now()
        disclosure.review_note = note.strip()
        disclosure.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        record(
            "disclosure.review",
            request=request,
            actor=by,
            obj=disclosure,
            client_id=disclosure.client_id,
            program_id=disclosure.program_id,
        )
        tasks = Task.objects.filter(
            kind=REVIEW_TASK, source=f"consents.disclosure:{disclosure.pk}", status=Task.Status.OPEN
        )
        for task in tasks:
            complete_task(task, by=by, resolution="Reviewed.", request=request)
    return disclosure
