"""Factories for treatment plans and relapse-prevention plans (shared: the notes and portal
apps need plans with objectives in their tests too)."""

from datetime import timedelta

from django.utils import timezone

from cairn.clients.models import Episode
from cairn.plans.models import (
    Goal,
    Intervention,
    Objective,
    Problem,
    RelapsePreventionPlan,
    RelapsePreventionVersion,
    SignatureMethod,
    TreatmentPlan,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.plans.rp_drafting import crisis_lines


def _sign(version, *, by, client_signed: bool):
    now = timezone.now()
    version.clinician_signed_at = now
    version.clinician_signed_by = by
    version.content_hash = "0" * 64
    version.status = VersionStatus.AWAITING_CLIENT
    version.save()
    if client_signed:
        type(version).objects.filter(plan=version.plan, status=VersionStatus.ACTIVE).update(
            status=VersionStatus.SUPERSEDED, superseded_at=now
        )
        version.client_signed_at = now
        version.client_signature_name = version.plan.client.first_name
        version.client_signature_method = SignatureMethod.IN_PERSON
        version.client_signature_witness = by
        version.status = VersionStatus.ACTIVE
        version.activated_at = now
        version.save()
    return version


def make_treatment_plan(
    client,
    *,
    by,
    episode=None,
    plan_date=None,
    signed: bool = False,
    client_signed: bool = False,
    objectives: int = 2,
) -> TreatmentPlanVersion:
    """A plan with version 1: one problem, one goal, ``objectives`` objectives and one
    intervention. ``signed``: the clinician signed it (no password check here);
    ``client_signed``: the client too, so it is active."""
    episode = episode or Episode.objects.get(client=client, status="active")
    plan_date = plan_date or timezone.localdate()
    plan = TreatmentPlan.objects.create(
        client=client, episode=episode, program_id=client.program_id, created_by=by
    )
    version = TreatmentPlanVersion.objects.create(
        plan=plan, number=1, created_by=by, plan_date=plan_date, strengths="Supportive sister"
    )
    add_goal(version, by=by, objectives=objectives)
    if signed or client_signed:
        _sign(version, by=by, client_signed=client_signed)
        plan.last_signed_on = plan_date
        plan.save(update_fields=["last_signed_on"])
    return version


def add_goal(version, *, by, objectives: int = 2, title="Alcohol use") -> Goal:
    problem = Problem.objects.create(
        version=version, title=title, statement="Drinks daily", asam_dimensions=[1, 5]
    )
    goal = Goal.objects.create(
        version=version, problem=problem, statement="I want to stop drinking."
    )
    for n in range(objectives):
        Objective.objects.create(
            version=version,
            goal=goal,
            position=n,
            text=f"Objective {n + 1}: attend two meetings a week",
            target_date=version.plan_date + timedelta(days=30 + n),
        )
    Intervention.objects.create(
        version=version,
        goal=goal,
        modality="cbt",
        setting="individual",
        frequency="Weekly",
        responsible=by,
    )
    return goal


def make_relapse_plan(
    client,
    *,
    by,
    signed: bool = False,
    client_signed: bool = False,
    **content,
) -> RelapsePreventionVersion:
    plan = RelapsePreventionPlan.objects.create(
        client=client, program_id=client.program_id, created_by=by
    )
    values = {
        "triggers_people": ["My old drinking buddy Vic"],
        "triggers_places": ["The Anchor Bar on 5th"],
        "triggers_feelings": ["Loneliness on Sunday nights"],
        "triggers_times": ["Payday Fridays"],
        "warning_signs": ["Skipping meetings"],
        "coping_skills": ["urge_surfing", "halt"],
        "supports": [
            {"contact_id": None, "name": "Dana", "relationship": "sponsor", "phone": "555-0101"}
        ],
        "reasons": ["My daughter"],
        "green_habits": ["Morning walk"],
        "yellow_actions": ["Go to an extra meeting"],
        "yellow_calls": ["Dana"],
        "red_steps": ["Leave the place now", "Call Dana"],
        "crisis_lines": crisis_lines(client.program),
        **content,
    }
    version = RelapsePreventionVersion.objects.create(plan=plan, number=1, created_by=by, **values)
    if signed or client_signed:
        _sign(version, by=by, client_signed=client_signed)
    return version
