"""Recording diagnoses: ICD-10-CM codes checked against the full code set (``icd.py``).

Rules: the code must exist in ICD-10-CM and be billable (a leaf: ``F10.20``, not the category
``F10.2``); the description is taken from the code set, never typed. One active primary
diagnosis per client: recording a new primary makes the previous one secondary (the change is
audited). Diagnoses are never deleted; a wrong one is marked "entered in error".
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.clients import icd
from cairn.clients.models import Client, Diagnosis, Episode
from cairn.clients.registration import CONFLICT


def checked_code(code: str) -> icd.Code:
    """The ICD-10-CM entry for ``code``, or a ValidationError on the ``code`` field."""
    found = icd.lookup(code)
    if found is None:
        raise ValidationError(
            {"code": f"“{code}” is not an ICD-10-CM code. Search by code or by words."}
        )
    if not found.billable:
        examples = ", ".join(c.code for c in icd.more_specific(found.code))
        hint = f" such as {examples}" if examples else ""
        raise ValidationError(
            {
                "code": f"{found.code} ({found.description}) is a category: choose a more "
                f"specific code{hint}."
            }
        )
    return found


def _demote_primary(client: Client, *, keep=None, by, request) -> None:
    current = client.diagnoses.select_for_update().filter(
        rank=Diagnosis.Rank.PRIMARY, status=Diagnosis.Status.ACTIVE
    )
    if keep is not None:
        current = current.exclude(pk=keep.pk)
    for old in current:
        old.rank = Diagnosis.Rank.SECONDARY
        old.updated_by, old.updated_at = by, timezone.now()
        old.version += 1
        old.save(update_fields=["rank", "updated_by", "updated_at", "version"])
        record(
            "diagnosis.update",
            request=request,
            actor=by,
            obj=old,
            client_id=client.pk,
            detail={"fields": ["rank"], "reason": "new primary diagnosis"},
        )


def add_diagnosis(
    client: Client,
    *,
    code: str,
    rank: str,
    category: str,
    status: str = Diagnosis.Status.ACTIVE,
    onset_on=None,
    by,
    request=None,
) -> Diagnosis:
    """Record a diagnosis on the client's problem list (see the module docstring)."""
    entry = checked_code(code)
    if onset_on and onset_on > timezone.localdate():
        raise ValidationError({"onset_on": "The onset can't be in the future."})
    with transaction.atomic():
        if rank == Diagnosis.Rank.PRIMARY and status == Diagnosis.Status.ACTIVE:
            _demote_primary(client, by=by, request=request)
        episode = client.episodes.filter(status=Episode.Status.ACTIVE).first()
        diagnosis = Diagnosis.objects.create(
            client=client,
            episode=episode,
            code=entry.code,
            description=entry.description,
            rank=rank,
            category=category,
            status=status,
            onset_on=onset_on,
            recorded_by=by,
        )
        record(
            "diagnosis.add",
            request=request,
            actor=by,
            obj=diagnosis,
            client_id=client.pk,
            detail={"rank": rank},
        )
    return diagnosis


def update_diagnosis(
    diagnosis: Diagnosis, values: dict, *, expected_version: int, by, request=None
) -> Diagnosis:
    """Change a diagnosis's rank, category, status or onset (the code itself never changes:
    a wrong code is marked "entered in error" and the right one recorded)."""
    allowed = {k: v for k, v in values.items() if k in ("rank", "category", "status", "onset_on")}
    if allowed.get("onset_on") and allowed["onset_on"] > timezone.localdate():
        raise ValidationError({"onset_on": "The onset can't be in the future."})
    with transaction.atomic():
        locked = Diagnosis.objects.select_for_update().get(pk=diagnosis.pk)
        if locked.version != expected_version:
            raise ValidationError(CONFLICT, code="conflict")
        changed = [k for k, v in allowed.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, allowed[name])
        if locked.rank == Diagnosis.Rank.PRIMARY and locked.status == Diagnosis.Status.ACTIVE:
            _demote_primary(locked.client, keep=locked, by=by, request=request)
        locked.updated_by, locked.updated_at = by, timezone.now()
        locked.version += 1
        locked.save(update_fields=[*changed, "updated_by", "updated_at", "version"])
        record(
            "diagnosis.update",
            request=request,
            actor=by,
            obj=locked,
            client_id=locked.client_id,
            detail={"fields": sorted(changed)},
        )
    return locked
