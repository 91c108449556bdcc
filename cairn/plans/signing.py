"""Signing a plan version, for both plans.

1. The clinician signs a draft, re-entering their password: the content is checked, its hash
   stored, and from then on the version is immutable (models/base.py; a database trigger on
   PostgreSQL). The treatment plan's review clock restarts at the version's plan date.
2. The client signs the clinician-signed version — in person on screen (a staff member is
   present: the witness) or in the portal (the client's own login). The version becomes
   active and the one it replaces is superseded.

Each is one transaction with its audit event. ``sign_by_client`` is the operation the portal
calls later (method ``portal``, ``portal_user`` the client's login).
"""

from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.plans.documents import content_hash, rows_for
from cairn.plans.models import (
    PlanLocked,
    PlanRefused,
    RelapsePreventionVersion,
    SignatureMethod,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.plans.models.treatment import Goal


def _kind(version) -> str:
    return "treatment_plan" if isinstance(version, TreatmentPlanVersion) else "relapse_plan"


def _locked_copy(version):
    return (
        type(version)
        .objects.select_for_update()
        .select_related("plan", "plan__client")
        .get(pk=version.pk)
    )


def _check_treatment_content(version: TreatmentPlanVersion) -> None:
    goals = list(
        Goal.objects.filter(version=version).prefetch_related("objectives", "interventions")
    )
    if not goals:
        raise PlanRefused(
            "Add at least one goal before signing: a plan with no goals can't be signed."
        )
    for goal in goals:
        short = goal.statement[:60]
        if not goal.objectives.all():
            raise PlanRefused(f"The goal “{short}” has no objectives. Add one before signing.")
        if not goal.interventions.all():
            raise PlanRefused(f"The goal “{short}” has no interventions. Add one before signing.")
        early = [
            o
            for o in goal.objectives.all()
            if o.met_on is None and o.target_date < version.plan_date
        ]
        if early:
            raise PlanRefused(
                f"The objective “{early[0].text[:60]}” has a target date before the plan date."
            )


def _check_relapse_content(version: RelapsePreventionVersion) -> None:
    if not any(entries for _, entries in version.triggers):
        raise PlanRefused("Write at least one trigger before signing.")
    if not version.red_steps:
        raise PlanRefused("Write at least one red-zone step before signing.")
    if not any(line.get("phone") == "988" for line in version.crisis_lines):
        raise PlanRefused("The red zone must list 988, the Suicide & Crisis Lifeline.")


def sign_by_clinician(version, *, by, password: str, request=None):
    """Sign a draft. The password is checked again here, whoever calls (the view, an API)."""
    kind = _kind(version)
    if not password or not by.check_password(password):
        record(
            f"{kind}.sign",
            request=request,
            actor=by,
            obj=version,
            client_id=version.plan.client_id,
            program_id=version.plan.program_id,
            outcome="denied",
            detail={"reason": "password"},
        )
        raise PlanRefused(
            "That password isn't right. Type your sign-in password to sign.", "password"
        )
    with transaction.atomic():
        version = _locked_copy(version)
        if version.is_locked:
            raise PlanLocked("This version is already signed.")
        if version.plan_date > timezone.localdate():
            raise PlanRefused("The plan date is in the future. Correct it before signing.")
        if kind == "treatment_plan":
            _check_treatment_content(version)
        else:
            _check_relapse_content(version)
        version.content_hash = content_hash(rows_for(version), version.plan_date)
        version.clinician_signed_at = timezone.now()
        version.clinician_signed_by = by
        version.status = VersionStatus.AWAITING_CLIENT
        version.save()
        if kind == "treatment_plan":
            plan = version.plan
            plan.last_signed_on = version.plan_date
            plan.save(update_fields=["last_signed_on"])
        record(
            f"{kind}.sign",
            request=request,
            actor=by,
            obj=version,
            client_id=version.plan.client_id,
            program_id=version.plan.program_id,
            detail={"number": version.number, "hash": version.content_hash[:16]},
        )
    return version


def sign_by_client(
    version,
    *,
    typed_name: str,
    agreed: bool,
    method: str = SignatureMethod.IN_PERSON,
    witness=None,
    portal_user=None,
    request=None,
):
    """The client signs a clinician-signed version; it becomes the active plan."""
    typed_name = (typed_name or "").strip()
    if len(typed_name) < 2:
        raise PlanRefused("Type your full name to sign.", "typed_name")
    if not agreed:
        raise PlanRefused(
            "Tick the box to say you helped write this plan and agree with it.", "agreed"
        )
    if method == SignatureMethod.IN_PERSON and witness is None:
        raise PlanRefused("A staff member must be present for an in-person signature.")
    if method == SignatureMethod.PORTAL and (
        portal_user is None or portal_user.client_id != version.plan.client_id
    ):
        raise PlanRefused("Only the client can sign in the portal.")
    kind = _kind(version)
    with transaction.atomic():
        version = _locked_copy(version)
        if version.status != VersionStatus.AWAITING_CLIENT:
            raise PlanRefused(
                "This version isn't waiting for the client's signature "
                f"(it is {version.get_status_display().lower()})."
            )
        now = timezone.now()
        previous = type(version).objects.filter(plan=version.plan, status=VersionStatus.ACTIVE)
        previous.update(status=VersionStatus.SUPERSEDED, superseded_at=now)
        version.client_signed_at = now
        version.client_signature_name = typed_name[:200]
        version.client_signature_method = method
        version.client_signature_witness = witness
        version.client_signature_user = portal_user
        version.status = VersionStatus.ACTIVE
        version.activated_at = now
        version.save()
        record(
            f"{kind}.client_sign",
            request=request,
            actor=portal_user or witness,
            obj=version,
            client_id=version.plan.client_id,
            program_id=version.plan.program_id,
            detail={"number": version.number, "method": method},
        )
    return version
