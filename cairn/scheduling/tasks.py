"""Background work (django-tasks): the weekly optimizer runs outside the request."""

from django_tasks import task


@task()
def solve_week(plan_id: int) -> str:
    """Build and solve one weekly plan; the plan row records each step and the outcome."""
    from cairn.scheduling.planning import run_plan

    return run_plan(plan_id).status
