"""Writes on the registry side of the chart: record numbers, demographics, contacts, coverage.

Each operation is one transaction with its audit event (STYLE.md convention 2). Bad input is
refused with ``ValidationError`` keyed by field, so the form shows the message on the field and
nothing is saved. Nothing here is deleted: contacts are marked removed, coverages ended.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.clients.models import Client, Contact, Coverage, RecordNumberSequence

CONFLICT = (
    "Someone else changed this record while you were editing it. Reload the page to see their "
    "changes, then make yours again."
)

DEMOGRAPHIC_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "sex_at_birth",
    "gender_identity",
    "phone",
    "email",
    "address",
    "preferred_language",
    "interpreter_needed",
    "employment",
    "living_situation",
)


def next_record_number(organization) -> str:
    """The next free record number in the organization (``C000001``, ``C000002`` …). The
    sequence row is locked, so two admissions at once never get the same number; numbers
    already taken (imported records) are skipped."""
    sequence, _ = RecordNumberSequence.objects.get_or_create(organization=organization)
    sequence = RecordNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    while True:
        sequence.last_value += 1
        mrn = f"{sequence.prefix}{sequence.last_value:06d}"
        if not Client.objects.filter(organization=organization, mrn=mrn).exists():
            break
    sequence.save(update_fields=["last_value"])
    return mrn


def record_number_taken(organization, mrn: str) -> bool:
    return Client.objects.filter(organization=organization, mrn=mrn).exists()


def _changed(instance, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def update_demographics(
    client: Client, values: dict, *, expected_version: int, by, request=None
) -> Client:
    """Save demographic fields; refuse when someone else saved since the form was opened."""
    values = {k: v for k, v in values.items() if k in DEMOGRAPHIC_FIELDS}
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        if locked.version != expected_version:
            raise ValidationError(CONFLICT, code="conflict")
        changed = _changed(locked, values)
        if not changed:
            return locked
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changed, "version", "updated_at"])
        record(
            "client.update_demographics",
            request=request,
            actor=by,
            obj=locked,
            detail={"fields": sorted(changed)},
        )
    return locked


def save_contact(client: Client, values: dict, *, by, contact: Contact | None = None, request=None):
    """Add a contact to the client's support network, or update one."""
    with transaction.atomic():
        if contact is None:
            contact = Contact.objects.create(client=client, created_by=by, **values)
            record("contact.add", request=request, actor=by, obj=contact, client_id=client.pk)
            return contact
        contact = Contact.objects.select_for_update().get(pk=contact.pk, client=client)
        if not contact.active:
            raise ValidationError("This contact was removed; add them again instead.")
        changed = _changed(contact, values)
        if changed:
            contact.save(update_fields=changed)
            record(
                "contact.update",
                request=request,
                actor=by,
                obj=contact,
                client_id=client.pk,
                detail={"fields": sorted(changed)},
            )
    return contact


def remove_contact(contact: Contact, *, by, request=None) -> Contact:
    """Take a contact off the list (kept in the record, marked removed)."""
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if not contact.active:
            return contact
        contact.active = False
        contact.removed_at = timezone.now()
        contact.removed_by = by
        contact.save(update_fields=["active", "removed_at", "removed_by"])
        record(
            "contact.remove", request=request, actor=by, obj=contact, client_id=contact.client_id
        )
    return contact


_PRIORITY_TAKEN = "The client already has an active {} coverage. End that one first."


def save_coverage(
    client: Client, values: dict, *, by, coverage: Coverage | None = None, request=None
) -> Coverage:
    """Add or update an insurance coverage; one active coverage per priority."""
    with transaction.atomic():
        taken = client.coverages.filter(active=True, priority=values.get("priority"))
        if coverage is not None:
            taken = taken.exclude(pk=coverage.pk)
        if taken.exists():
            label = Coverage.Priority(values["priority"]).label.lower()
            raise ValidationError({"priority": _PRIORITY_TAKEN.format(label)})
        try:
            with transaction.atomic():
                if coverage is None:
                    coverage = Coverage.objects.create(client=client, created_by=by, **values)
                    action, changed = "coverage.add", []
                else:
                    coverage = Coverage.objects.select_for_update().get(pk=coverage.pk)
                    if not coverage.active:
                        raise ValidationError("This coverage has ended; add a new one instead.")
                    changed = _changed(coverage, values)
                    if changed:
                        coverage.save(update_fields=changed)
                    action = "coverage.update"
        except IntegrityError:
            raise ValidationError(
                {"priority": _PRIORITY_TAKEN.format("coverage at this")}
            ) from None
        record(
            action,
            request=request,
            actor=by,
            obj=coverage,
            client_id=client.pk,
            detail={"fields": sorted(changed)} if changed else None,
        )
    return coverage


def end_coverage(coverage: Coverage, *, ends_on, by, request=None) -> Coverage:
    """End a coverage on ``ends_on`` (kept in the record)."""
    if coverage.effective_on and ends_on < coverage.effective_on:
        raise ValidationError({"ends_on": "A coverage can't end before it starts."})
    with transaction.atomic():
        coverage = Coverage.objects.select_for_update().get(pk=coverage.pk)
        if not coverage.active:
            return coverage
        coverage.active = False
        coverage.ends_on = ends_on
        coverage.save(update_fields=["active", "ends_on"])
        record(
            "coverage.end", request=request, actor=by, obj=coverage, client_id=coverage.client_id
        )
    return coverage
