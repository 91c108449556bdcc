"""Reads behind the plan pages. Every function takes a client (or rows) the door already
authorized (``cairn.accounts.access``); lists go through ``access.scope`` here."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.clients.models import Episode
from cairn.plans.models import (
    ObjectiveProgress,
    PlanSettings,
    RelapsePreventionPlan,
    RelapsePreventionVersion,
    TreatmentPlan,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.plans.models.base import OPEN_STATUSES
from cairn.plans.review import ReviewStatus, attention_cutoff, review_status


def treatment_plans(client) -> list[TreatmentPlan]:
    """The client's treatment plans, newest episode first."""
    return list(
        TreatmentPlan.objects.filter(client=client)
        .select_related("episode")
        .order_by("-episode__admitted_on", "-pk")
    )


def versions_of(plan) -> list:
    model = TreatmentPlanVersion if isinstance(plan, TreatmentPlan) else RelapsePreventionVersion
    return list(
        model.objects.filter(plan=plan)
        .select_related("created_by", "clinician_signed_by", "client_signature_witness")
        .order_by("-number")
    )


def pick(versions: list) -> tuple:
    """(the version to show, the open version in progress) from a plan's versions."""
    active = next((v for v in versions if v.status == VersionStatus.ACTIVE), None)
    open_version = next((v for v in versions if v.status in OPEN_STATUSES), None)
    return active or open_version or (versions[0] if versions else None), open_version


def version_in(plan, version_id):
    """One version of ``plan`` by id, or 404 (ids of other clients' versions don't leak)."""
    model = TreatmentPlanVersion if isinstance(plan, TreatmentPlan) else RelapsePreventionVersion
    try:
        return model.objects.select_related("plan", "clinician_signed_by").get(
            plan=plan, pk=int(version_id)
        )
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404("Not found") from None


def treatment_version_for(client, version_id) -> TreatmentPlanVersion:
    try:
        return TreatmentPlanVersion.objects.select_related(
            "plan__episode",
            "plan__client",
            "plan__program",
            "clinician_signed_by",
            "client_signature_witness",
        ).get(plan__client=client, pk=int(version_id))
    except (TreatmentPlanVersion.DoesNotExist, TypeError, ValueError):
        raise Http404("Not found") from None


def relapse_plan(client) -> RelapsePreventionPlan | None:
    return RelapsePreventionPlan.objects.filter(client=client).first()


def relapse_version_for(client, version_id) -> RelapsePreventionVersion:
    try:
        return RelapsePreventionVersion.objects.select_related(
            "plan__client", "plan__program", "clinician_signed_by", "client_signature_witness"
        ).get(plan__client=client, pk=int(version_id))
    except (RelapsePreventionVersion.DoesNotExist, TypeError, ValueError):
        raise Http404("Not found") from None


def review_for(plan: TreatmentPlan, *, today: date | None = None) -> ReviewStatus:
    settings = PlanSettings.for_program(plan.program_id)
    return review_status(
        plan.last_signed_on,
        today=today or timezone.localdate(),
        interval_days=settings.review_interval_days,
        warning_days=settings.review_warning_days,
    )


def ratings_by_objective(version: TreatmentPlanVersion) -> dict:
    """The review ratings stored on ``version``, by the rated objective's key."""
    return {
        p.objective.key: p
        for p in ObjectiveProgress.objects.filter(version=version).select_related("objective")
    }


# ---------------------------------------------------------------------------------------------
# The clinician's home panel


@dataclass(frozen=True)
class PanelRow:
    client_id: int
    client_name: str
    state: str  # "overdue", "due", "waiting"
    label: str
    days: int = 0


_RANK = {"overdue": 0, "due": 1, "waiting": 2}


def plans_needing_attention(user, program, *, today: date | None = None, limit: int = 15):
    """Treatment plans of the user's own clients (on their care team) whose review is due or
    overdue, or that wait for the client's signature, and active episodes with no signed plan
    yet. A fixed number of queries whatever the number of plans."""
    today = today or timezone.localdate()
    settings = PlanSettings.for_program(program.pk)
    mine = Q(client__care_team__user=user, client__care_team__active=True)
    cutoff = attention_cutoff(
        today,
        interval_days=settings.review_interval_days,
        warning_days=settings.review_warning_days,
    )
    awaiting = TreatmentPlanVersion.objects.filter(
        plan=OuterRef("pk"), status=VersionStatus.AWAITING_CLIENT
    )
    plans = (
        access.scope(TreatmentPlan.objects.all(), user, Action.WRITE_CLINICAL)
        .filter(mine, program=program, episode__status="active")
        .annotate(awaiting=Exists(awaiting))
        .filter(Q(last_signed_on__lte=cutoff) | Q(awaiting=True))
        .select_related("client")
        .order_by("last_signed_on")
        .distinct()[:limit]
    )
    rows = []
    for plan in plans:
        status = review_for_settings(plan.last_signed_on, settings, today)
        labels = [status.label] if status.needs_attention else []
        if plan.awaiting:
            labels.append("waiting for the client's signature")
        state = status.state if status.needs_attention else "waiting"
        label = " · ".join(labels)
        label = label[0].upper() + label[1:]
        rows.append(PanelRow(plan.client_id, plan.client.display_name, state, label, status.days))
    unplanned = (
        access.scope(Episode.objects.all(), user, Action.WRITE_CLINICAL)
        .filter(mine, program=program, status="active")
        .exclude(treatment_plan__last_signed_on__isnull=False)
        .select_related("client")
        .order_by("admitted_on")
        .distinct()[:limit]
    )
    for episode in unplanned:
        days = (today - episode.admitted_on).days
        state = "overdue" if days > settings.initial_plan_days else "due"
        label = f"No signed plan yet — admitted {days} day{'s' if days != 1 else ''} ago"
        rows.append(PanelRow(episode.client_id, episode.client.display_name, state, label, days))
    return sorted(rows, key=lambda r: (_RANK[r.state], -r.days))


def review_for_settings(last_signed_on, settings: PlanSettings, today: date) -> ReviewStatus:
    return review_status(
        last_signed_on,
        today=today,
        interval_days=settings.review_interval_days,
        warning_days=settings.review_warning_days,
    )


def objective_lineage(plan_id: int, keys) -> list:
    """Every version's row of the objectives with these keys (for linked notes)."""
    from cairn.plans.models import Objective

    if not keys:
        return []
    return list(
        Objective.objects.filter(version__plan_id=plan_id, key__in=keys).select_related("version")
    )


def objective_for(client, objective_id):
    from cairn.plans.models import Objective

    try:
        return Objective.objects.select_related("version", "version__plan", "goal").get(
            version__plan__client=client, pk=int(objective_id)
        )
    except (Objective.DoesNotExist, TypeError, ValueError):
        raise Http404("Not found") from None


def item_in(version: TreatmentPlanVersion, kind: str, item_id):
    """One problem, goal, objective or intervention of ``version``, or 404."""
    from cairn.plans.drafting import KINDS

    model = KINDS[kind]
    try:
        return model.objects.get(version=version, pk=int(item_id))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404("Not found") from None


def plan_for_history(client, plan_id=None) -> TreatmentPlan | None:
    plans = treatment_plans(client)
    if plan_id:
        return next((p for p in plans if str(p.pk) == str(plan_id)), None)
    return current_plan(client, plans)


def current_plan(client, plans=None) -> TreatmentPlan | None:
    """The active episode's plan, else the newest."""
    plans = treatment_plans(client) if plans is None else plans
    active = next((p for p in plans if p.episode.status == "active"), None)
    return active or (plans[0] if plans else None)


def ratings_for_objectives(objectives) -> list[ObjectiveProgress]:
    return list(
        ObjectiveProgress.objects.filter(objective__in=objectives)
        .select_related("version", "objective")
        .order_by("version__number")
    )


def awaiting_client(client) -> list[tuple[str, object]]:
    """The client's plan versions waiting for their signature as ``(kind, version)`` —
    "treatment" first, then "relapse" — for the portal (issue 9.2: the client signs on screen
    or in the portal). Two queries."""
    treatment = TreatmentPlanVersion.objects.filter(
        plan__client=client, status=VersionStatus.AWAITING_CLIENT
    ).select_related("plan__episode")
    relapse = RelapsePreventionVersion.objects.filter(
        plan__client=client, status=VersionStatus.AWAITING_CLIENT
    ).select_related("plan")
    return [("treatment", v) for v in treatment.order_by("clinician_signed_at")] + [
        ("relapse", v) for v in relapse.order_by("clinician_signed_at")
    ]
