"""Writes to the scheduling configuration (issue 5, point 1) and to each client's scheduling
facts. One transaction and one audit event each; nothing here is clinical narrative."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.scheduling.catalog import CATALOG
from cairn.scheduling.models import GroupType, KeepApart


class ConfigurationError(Exception):
    pass


def save_config(form, *, action: str, request=None, program_id=None, client_id=None):
    """Save a configuration ModelForm (track, group type, room, closure, staff hours…)."""
    with transaction.atomic():
        created = form.instance.pk is None
        obj = form.save()
        record(
            f"{action}.{'create' if created else 'change'}",
            request=request,
            obj=obj,
            program_id=program_id,
            client_id=client_id,
            detail={"fields": sorted(form.changed_data)},
        )
    return obj


def delete_config(obj, *, action: str, request=None, program_id=None, client_id=None) -> None:
    """Remove a configuration row (a closure, a block of hours, a time a client can't come)."""
    with transaction.atomic():
        record(
            f"{action}.delete",
            request=request,
            obj=obj,
            program_id=program_id,
            client_id=client_id,
            detail={"was": str(obj)[:200]},
        )
        obj.delete()


def load_catalog(program, *, request=None) -> int:
    """Add the standard group catalog's missing entries; existing codes are left as edited."""
    with transaction.atomic():
        have = set(GroupType.objects.filter(program=program).values_list("code", flat=True))
        new = [
            GroupType(
                program=program,
                code=code,
                name=name,
                qualification=qual,
                min_size=low,
                max_size=high,
                required_per_week=required,
                description=description,
            )
            for code, name, qual, low, high, required, description in CATALOG
            if code not in have
        ]
        GroupType.objects.bulk_create(new)
        record(
            "group_catalog.load",
            request=request,
            program_id=program.pk,
            detail={"added": [g.code for g in new]},
        )
    return len(new)


def keep_apart(program, first, second, *, reason: str, note: str, by, request=None) -> KeepApart:
    """Record that two clients must never share a group session."""
    if first.pk == second.pk:
        raise ConfigurationError("Pick two different clients.")
    a, b = sorted([first, second], key=lambda c: c.pk)
    try:
        with transaction.atomic():
            pair = KeepApart.objects.create(
                program=program, client_a=a, client_b=b, reason=reason, note=note, created_by=by
            )
            for client in (a, b):
                record(
                    "keep_apart.create",
                    request=request,
                    obj=pair,
                    client_id=client.pk,
                    program_id=program.pk,
                    detail={"reason": reason},
                )
    except IntegrityError:
        raise ConfigurationError("These two clients are already kept apart.") from None
    return pair


def end_keep_apart(pair: KeepApart, *, by, request=None) -> KeepApart:
    with transaction.atomic():
        pair = KeepApart.objects.select_for_update().get(pk=pair.pk)
        if pair.ended_at:
            return pair
        pair.ended_at, pair.ended_by = timezone.now(), by
        pair.save(update_fields=["ended_at", "ended_by"])
        for client_id in (pair.client_a_id, pair.client_b_id):
            record(
                "keep_apart.end",
                request=request,
                obj=pair,
                client_id=client_id,
                program_id=pair.program_id,
            )
    return pair
