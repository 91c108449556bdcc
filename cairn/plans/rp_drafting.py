"""Writing the relapse-prevention plan with the client: start it (or a new version copied from
the latest signed one), and save the draft. Same lifecycle and locking as the treatment plan.

The red zone always lists the crisis lines marked required in ``library/crisis_lines.json``
(988 and 911) and the program's own phone number; the others are optional.
"""

from django.db import IntegrityError, transaction

from cairn.audit.log import record
from cairn.plans import library
from cairn.plans.models import (
    PlanLocked,
    PlanRefused,
    RelapsePreventionPlan,
    RelapsePreventionVersion,
    VersionStatus,
)
from cairn.plans.models.base import OPEN_STATUSES, EditConflict
from cairn.plans.models.relapse import TEXT_SECTIONS

LIST_FIELDS = (*TEXT_SECTIONS, "coping_skills", "supports", "crisis_lines")


def crisis_lines(program, optional_codes=None) -> list[dict]:
    """The red zone's crisis lines: required ones, the chosen optional ones (all when
    ``optional_codes`` is None), and the program's phone."""
    lines = [
        {"code": line.code, "name": line.name, "phone": line.phone}
        for line in library.crisis_lines()
        if line.required or optional_codes is None or line.code in optional_codes
    ]
    if program.phone:
        name = f"{program.name} (daytime)"
        lines.append({"code": "program", "name": name, "phone": program.phone})
    return lines


def _audit(action, version, *, by, request, **detail):
    record(
        action,
        request=request,
        actor=by,
        obj=version,
        client_id=version.plan.client_id,
        program_id=version.plan.program_id,
        detail={"number": version.number, **detail},
    )


def open_relapse_draft(client, *, by, request=None) -> RelapsePreventionVersion:
    """The draft to write in: the open draft if there is one, else a new version — copied from
    the latest signed version, or empty for a first plan."""
    try:
        with transaction.atomic():
            plan, created = RelapsePreventionPlan.objects.get_or_create(
                client=client, defaults={"program_id": client.program_id, "created_by": by}
            )
            plan = RelapsePreventionPlan.objects.select_for_update().get(pk=plan.pk)
            versions = RelapsePreventionVersion.objects.filter(plan=plan)
            draft = versions.filter(status=VersionStatus.DRAFT).first()
            if draft:
                return draft
            if versions.filter(status__in=OPEN_STATUSES).exists():
                raise PlanRefused(
                    "A version is waiting for the client's signature. Have the client sign it "
                    "before starting another."
                )
            source = versions.filter(clinician_signed_at__isnull=False).order_by("-number").first()
            copied = {name: getattr(source, name) for name in LIST_FIELDS} if source else {}
            if not source:
                copied["crisis_lines"] = crisis_lines(client.program)
            version = RelapsePreventionVersion.objects.create(
                plan=plan, number=(source.number + 1) if source else 1, created_by=by, **copied
            )
            _audit(
                "relapse_plan.start" if created else "relapse_plan.revise",
                version,
                by=by,
                request=request,
            )
    except IntegrityError:
        raise PlanRefused("Someone else just started this plan. Open it again.") from None
    return version


def save_relapse_draft(version, *, by, revision, content: dict, request=None):
    """Save the whole draft from its form. ``content`` holds every list field."""
    unknown = set(content) - set(LIST_FIELDS)
    if unknown:
        raise PlanRefused(f"Unknown sections: {', '.join(sorted(unknown))}.")
    lines = content.get("crisis_lines")
    if lines is not None and not any(line.get("phone") == "988" for line in lines):
        raise PlanRefused("The red zone must list 988, the Suicide & Crisis Lifeline.")
    with transaction.atomic():
        version = (
            RelapsePreventionVersion.objects.select_for_update()
            .select_related("plan")
            .get(pk=version.pk)
        )
        if version.is_locked or version.status != VersionStatus.DRAFT:
            raise PlanLocked()
        if str(revision) != str(version.revision):
            raise EditConflict()
        for name, value in content.items():
            setattr(version, name, value)
        version.revision += 1
        version.save()
        _audit("relapse_plan.edit", version, by=by, request=request)
    return version
