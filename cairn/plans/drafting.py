"""Writing a treatment plan: start it, edit the draft, add from the library, start a new
version to revise a signed one.

Rules: one plan per episode, started while the episode is active; one open version (draft or
waiting for the client) at a time; only drafts change. Every edit checks the draft's
``revision`` (optimistic locking: the second writer gets a clear conflict, never a lost
update) and bumps it. Objectives' target dates are on or after the plan date.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.plans import library
from cairn.plans.models import (
    Goal,
    Intervention,
    Objective,
    PlanLocked,
    PlanRefused,
    Problem,
    TreatmentPlan,
    TreatmentPlanVersion,
    VersionStatus,
)
from cairn.plans.models.base import OPEN_STATUSES, EditConflict

KINDS = {"problem": Problem, "goal": Goal, "objective": Objective, "intervention": Intervention}


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


def open_draft(version: TreatmentPlanVersion, revision) -> TreatmentPlanVersion:
    """Lock the draft row for this transaction; refuse when it is signed or was changed since
    the form was opened."""
    version = (
        TreatmentPlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    )
    if version.is_locked or version.status != VersionStatus.DRAFT:
        raise PlanLocked()
    if revision is not None and str(revision) != str(version.revision):
        raise EditConflict()
    return version


def _touch(version: TreatmentPlanVersion) -> None:
    version.revision += 1
    version.save(update_fields=["revision"])


def start_treatment_plan(episode, *, by, request=None) -> TreatmentPlanVersion:
    """Open the episode's treatment plan with an empty draft, version 1."""
    if episode.status != "active":
        raise PlanRefused("This episode is closed; its treatment plan can no longer start.")
    try:
        with transaction.atomic():
            plan = TreatmentPlan.objects.create(
                client_id=episode.client_id,
                episode=episode,
                program_id=episode.program_id,
                created_by=by,
            )
            version = TreatmentPlanVersion.objects.create(plan=plan, number=1, created_by=by)
            _audit("treatment_plan.start", version, by=by, request=request)
    except IntegrityError:
        raise PlanRefused("This episode already has a treatment plan.") from None
    return version


def _copy_content(source: TreatmentPlanVersion, target: TreatmentPlanVersion, *, met=()) -> None:
    """Copy problems, goals, objectives and interventions, keeping each item's ``key``.
    Objectives whose keys are in ``met`` are marked met on the target's plan date."""
    problems = {}
    for old in Problem.objects.filter(version=source).order_by("position", "id"):
        problems[old.pk] = Problem(
            version=target,
            key=old.key,
            position=old.position,
            title=old.title,
            statement=old.statement,
            diagnoses=old.diagnoses,
            asam_dimensions=old.asam_dimensions,
            library_code=old.library_code,
        )
    Problem.objects.bulk_create(problems.values())
    goals = {}
    for old in Goal.objects.filter(version=source).order_by("position", "id"):
        goals[old.pk] = Goal(
            version=target,
            problem=problems[old.problem_id],
            key=old.key,
            position=old.position,
            statement=old.statement,
        )
    Goal.objects.bulk_create(goals.values())
    Objective.objects.bulk_create(
        Objective(
            version=target,
            goal=goals[old.goal_id],
            key=old.key,
            position=old.position,
            text=old.text,
            measure=old.measure,
            target_date=old.target_date,
            met_on=old.met_on or (target.plan_date if old.key in met else None),
        )
        for old in Objective.objects.filter(version=source).order_by("position", "id")
    )
    Intervention.objects.bulk_create(
        Intervention(
            version=target,
            goal=goals[old.goal_id],
            key=old.key,
            position=old.position,
            modality=old.modality,
            setting=old.setting,
            frequency=old.frequency,
            responsible_id=old.responsible_id,
            description=old.description,
        )
        for old in Intervention.objects.filter(version=source).order_by("position", "id")
    )


def new_version(
    plan: TreatmentPlan, *, by, request=None, review_of=None, met=(), action="treatment_plan.revise"
) -> TreatmentPlanVersion:
    """A new draft copied from the latest signed version, to revise the plan."""
    if plan.episode.status != "active":
        raise PlanRefused("This episode is closed; its plan can no longer change.")
    with transaction.atomic():
        plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
        versions = TreatmentPlanVersion.objects.filter(plan=plan)
        if versions.filter(status__in=OPEN_STATUSES).exists():
            raise PlanRefused(
                "This plan already has a version in progress (a draft, or one waiting for the "
                "client's signature). Finish that one first."
            )
        source = versions.filter(clinician_signed_at__isnull=False).order_by("-number").first()
        if source is None:
            raise PlanRefused("There is no signed version to revise yet.")
        version = TreatmentPlanVersion.objects.create(
            plan=plan,
            number=source.number + 1,
            created_by=by,
            strengths=source.strengths,
            discharge_criteria=source.discharge_criteria,
            review_of=review_of,
        )
        _copy_content(source, version, met=met)
        _audit(action, version, by=by, request=request, source=source.number)
    return version


def update_details(
    version, *, by, revision, plan_date, strengths, discharge_criteria, request=None
):
    """The plan date and the plan-wide texts. Objectives can't end before the plan starts."""
    with transaction.atomic():
        version = open_draft(version, revision)
        if plan_date > timezone.localdate():
            raise PlanRefused("The plan date can't be in the future.", "plan_date")
        early = Objective.objects.filter(
            version=version, met_on__isnull=True, target_date__lt=plan_date
        ).first()
        if early:
            raise PlanRefused(
                f"The objective “{early.text[:60]}” has a target date "
                f"({early.target_date:%b %-d, %Y}) before this plan date. Change that first.",
                "plan_date",
            )
        version.plan_date = plan_date
        version.strengths = strengths
        version.discharge_criteria = discharge_criteria
        version.revision += 1
        version.save(update_fields=["plan_date", "strengths", "discharge_criteria", "revision"])
        _audit("treatment_plan.edit", version, by=by, request=request, part="details")
    return version


def save_item(version, item, *, by, revision, request=None):
    """Add or change one problem, goal, objective or intervention of a draft. ``item`` comes
    from its form (already validated); it is checked again against the locked draft."""
    kind = type(item).__name__.lower()
    with transaction.atomic():
        version = open_draft(version, revision)
        item.version = version
        if item.pk is None:
            siblings = type(item).objects.filter(version=version)
            item.position = siblings.count()
        try:
            item.full_clean(exclude=["key"])
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise PlanRefused(messages[0], None if field == "__all__" else field) from None
        adding = item.pk is None
        item.save()
        _touch(version)
        _audit("treatment_plan.edit", version, by=by, request=request, part=kind, added=adding)
    return item


def remove_item(version, item, *, by, revision, request=None) -> None:
    """Take an item out of a draft, with what hangs under it (a problem's goals, a goal's
    objectives and interventions). Drafts only; signed versions keep everything."""
    kind = type(item).__name__.lower()
    with transaction.atomic():
        version = open_draft(version, revision)
        if item.version_id != version.pk:
            raise PlanRefused("That item isn't part of this draft.")
        goals = Goal.objects.none()
        if isinstance(item, Problem):
            goals = Goal.objects.filter(problem=item)
        elif isinstance(item, Goal):
            goals = Goal.objects.filter(pk=item.pk)
        Objective.objects.filter(goal__in=goals).delete()
        Intervention.objects.filter(goal__in=goals).delete()
        if isinstance(item, Problem):
            goals.delete()
        item.delete()
        _touch(version)
        _audit("treatment_plan.edit", version, by=by, request=request, part=kind, removed=True)


def add_from_library(
    version, code: str, *, by, revision, responsible=None, diagnoses=(), request=None
):
    """Add a library problem with its goal, objectives (target dates counted from the plan
    date) and interventions (responsible: ``responsible``, else the author). All editable.

    ``diagnoses`` are the chart's current diagnoses (``chart_sources.chart_diagnoses``): those
    whose code the library entry names (``diagnosis_codes``, e.g. F10 for alcohol use) are
    linked to the problem, as written now."""
    entry = library.problems().get(code)
    if entry is None:
        raise PlanRefused("Pick a problem from the library.", "code")
    with transaction.atomic():
        version = open_draft(version, revision)
        position = Problem.objects.filter(version=version).count()
        problem = Problem.objects.create(
            version=version,
            position=position,
            title=entry.title,
            statement=entry.statement,
            diagnoses=[d.as_json() for d in diagnoses if entry.matches_diagnosis(d.code)],
            asam_dimensions=list(entry.asam_dimensions),
            library_code=entry.code,
        )
        goal = Goal.objects.create(
            version=version,
            problem=problem,
            position=Goal.objects.filter(version=version).count(),
            statement=entry.goal,
        )
        Objective.objects.bulk_create(
            Objective(
                version=version,
                goal=goal,
                position=n,
                text=o.text,
                measure=o.measure,
                target_date=version.plan_date + timedelta(days=o.target_days),
            )
            for n, o in enumerate(entry.objectives)
        )
        Intervention.objects.bulk_create(
            Intervention(
                version=version,
                goal=goal,
                position=n,
                modality=i.modality,
                setting=i.setting,
                frequency=i.frequency,
                description=i.description,
                responsible=responsible or by,
            )
            for n, i in enumerate(entry.interventions)
        )
        _touch(version)
        _audit("treatment_plan.edit", version, by=by, request=request, part="library", code=code)
    return problem
