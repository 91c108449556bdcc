"""The weekly plan's life: requested by a director, built and solved in the background
(tasks.py), reviewed, approved into sessions. Issue 5, point 3."""

import logging

from django.db import transaction
from django.utils import timezone

from cairn.accounts.models import User
from cairn.audit.log import record
from cairn.scheduling.building import SOLUTION_FORMAT, build_instance, fingerprint
from cairn.scheduling.importing import PlanError, apply_solution
from cairn.scheduling.models import GroupType, SchedulePlan, ScheduleSettings
from cairn.scheduling.reasons import explain
from cairn.scheduling.weeks import Week

logger = logging.getLogger(__name__)

Status = SchedulePlan.Status

__all__ = ["PlanError", "approve_plan", "request_plan", "run_plan"]


def request_plan(program, week_start, *, by, request=None) -> SchedulePlan:
    """Queue a plan for the week; the optimizer runs outside the request (tasks.solve_week)."""
    from cairn.scheduling.tasks import solve_week

    settings = ScheduleSettings.for_program(program)
    with transaction.atomic():
        plan = SchedulePlan.objects.create(
            program=program, week_start=week_start, created_by=by, time_limit=settings.solve_seconds
        )
        record(
            "schedule.plan_request",
            request=request,
            obj=plan,
            program_id=program.pk,
            detail={"week": week_start.isoformat()},
        )
        transaction.on_commit(lambda: solve_week.enqueue(plan.pk))
    return plan


def _save(plan: SchedulePlan, **changes) -> None:
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.save(update_fields=list(changes))


def _fail(plan: SchedulePlan, message: str) -> SchedulePlan:
    _save(plan, status=Status.FAILED, message=message, finished_at=timezone.now())
    record("schedule.plan_failed", obj=plan, program_id=plan.program_id, detail={"why": message})
    return plan


def _names(plan: SchedulePlan) -> tuple[dict, dict]:
    staff_ids = [int(s["id"][1:]) for s in plan.instance["staff"]]
    staff = {f"s{u.pk}": u.display_name for u in User.objects.filter(pk__in=staff_ids)}
    types = {g.code: g.name for g in GroupType.objects.filter(program=plan.program)}
    return staff, types


def run_plan(plan_id: int, *, workers: int = 2, seed: int = 1) -> SchedulePlan:
    """Build the instance, solve it, explain what is unmet. Runs in the background worker; each
    step is saved so the page polling the plan shows where it is."""
    plan = SchedulePlan.objects.select_related("program").get(pk=plan_id)
    if plan.status != Status.QUEUED:
        return plan
    _save(plan, status=Status.BUILDING, started_at=timezone.now())
    try:
        built = build_instance(plan.program, plan.week_start)
    except Exception:
        logger.exception("Building the schedule instance failed (plan %s)", plan.pk)
        return _fail(plan, "Cairn could not gather this week's data. The error was logged.")
    report = {"skipped": {str(k): v for k, v in built.skipped.items()}}
    report["fixed_outside"] = built.fixed_outside
    _save(
        plan,
        status=Status.SOLVING,
        instance=built.doc,
        fingerprint=built.fingerprint,
        report=report,
    )
    from cairn.scheduling.solver import InstanceError, check, solve

    try:
        solution = solve(built.doc, time_limit=plan.time_limit, workers=workers, seed=seed)
    except InstanceError as error:
        return _fail(plan, f"This week's data is inconsistent: {error}")
    except Exception:
        logger.exception("The schedule optimizer failed (plan %s)", plan.pk)
        return _fail(plan, "The optimizer stopped with an error. The error was logged.")
    if solution.get("status") == "infeasible":
        fixed = {"format": SOLUTION_FORMAT, "sessions": built.doc["pinned"]}
        problems = _violations(check, built.doc, fixed)[:10]
        return _fail(
            plan,
            "No schedule can keep every fixed session (held, edited by hand or already "
            "started) as it is: they conflict with each other or with someone's limits."
            + ("\n" + "\n".join(problems) if problems else ""),
        )
    if solution.get("status") == "unknown":
        return _fail(
            plan,
            f"The optimizer found no schedule in {plan.time_limit} seconds. Give it more time "
            "in the schedule settings, or check the week's staff and rooms.",
        )
    staff_names, type_names = _names(plan)
    report["unmet"] = explain(built.doc, solution, staff_names=staff_names, type_names=type_names)
    _save(
        plan,
        status=Status.PROPOSED,
        solution=solution,
        report=report,
        finished_at=timezone.now(),
    )
    record(
        "schedule.plan_solved",
        obj=plan,
        program_id=plan.program_id,
        detail={
            "status": solution.get("status"),
            "sessions": len(solution.get("sessions", [])),
            "unmet": len(report["unmet"]),
        },
    )
    return plan


def _violations(check, instance: dict, solution: dict) -> list[str]:
    """The broken hard constraints, in the checker's words (advisory: never fails the plan)."""
    try:
        report = check(instance, solution)
    except Exception:
        return []
    return [str(violation) for violation in report.violations]


def approve_plan(plan: SchedulePlan, *, by, request=None):
    """Create the plan's sessions. Refused, with nothing changed, when the plan is no longer
    waiting for approval or the week's sessions changed since it was built."""
    with transaction.atomic():
        plan = SchedulePlan.objects.select_for_update().select_related("program").get(pk=plan.pk)
        if plan.status != Status.PROPOSED:
            raise PlanError(
                f"This plan is no longer waiting for approval ({plan.get_status_display()})."
            )
        if fingerprint(plan.program, Week(plan.week_start, plan.program.tz)) != plan.fingerprint:
            raise PlanError(
                "The week's sessions changed since this plan was made (a session was added, "
                "moved or cancelled). Plan the week again so nothing is lost."
            )
        applied = apply_solution(plan)
        now = timezone.now()
        _save(plan, status=Status.APPROVED, approved_by=by, approved_at=now)
        SchedulePlan.objects.filter(
            program=plan.program, week_start=plan.week_start, status=Status.PROPOSED
        ).exclude(pk=plan.pk).update(status=Status.SUPERSEDED)
        record(
            "schedule.plan_approve",
            request=request,
            actor=by,
            obj=plan,
            program_id=plan.program_id,
            detail={
                "created": applied.created,
                "kept": applied.kept,
                "cancelled": applied.cancelled,
            },
        )
    return applied
