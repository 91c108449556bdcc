"""The periodic review of a treatment plan (issue: every 30 days, a program setting): progress
is rated per objective of the active version — met, progressing, not progressing, revised — and
the review creates the next version, a draft copied from it, which the clinician revises (the
objectives rated "revised") and signs. Objectives rated met carry over marked met. The ratings
belong to the new version and are locked with it."""

from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.plans.drafting import new_version
from cairn.plans.models import (
    Objective,
    ObjectiveProgress,
    PlanRefused,
    ProgressRating,
    TreatmentPlan,
    TreatmentPlanVersion,
    VersionStatus,
)


def objectives_to_rate(version: TreatmentPlanVersion) -> list[Objective]:
    """The objectives a review rates: those of the reviewed version not already met."""
    return list(
        Objective.objects.filter(version=version, met_on__isnull=True)
        .select_related("goal")
        .order_by("goal__problem__position", "goal__position", "position", "id")
    )


def record_review(
    plan: TreatmentPlan, *, by, ratings: dict[int, tuple[str, str]], summary: str, request=None
) -> TreatmentPlanVersion:
    """``ratings`` maps each objective id of the active version to (rating, comment)."""
    reviewed = TreatmentPlanVersion.objects.filter(plan=plan, status=VersionStatus.ACTIVE).first()
    if reviewed is None:
        raise PlanRefused(
            "Only an active plan (signed by the clinician and the client) is reviewed."
        )
    expected = {o.pk: o for o in objectives_to_rate(reviewed)}
    missing = [o for pk, o in expected.items() if pk not in ratings]
    if missing:
        first = missing[0]
        raise PlanRefused(f"Rate the progress of “{first.text[:60]}”.", f"rating_{first.pk}")
    if any(rating not in ProgressRating.values for rating, _ in ratings.values()):
        raise PlanRefused("Pick met, progressing, not progressing or revised for each objective.")
    if not summary.strip():
        raise PlanRefused("Summarize the review in a sentence or two.", "summary")
    ratings = {pk: value for pk, value in ratings.items() if pk in expected}
    met = {expected[pk].key for pk, (rating, _) in ratings.items() if rating == ProgressRating.MET}
    with transaction.atomic():
        version = new_version(
            plan,
            by=by,
            request=request,
            review_of=reviewed,
            met=met,
            action="treatment_plan.review",
        )
        version.review_summary = summary.strip()
        version.plan_date = timezone.localdate()
        version.save(update_fields=["review_summary", "plan_date"])
        ObjectiveProgress.objects.bulk_create(
            ObjectiveProgress(
                version=version, objective_id=pk, rating=rating, comment=comment.strip()
            )
            for pk, (rating, comment) in ratings.items()
        )
        record(
            "treatment_plan.review_ratings",
            request=request,
            actor=by,
            obj=version,
            client_id=plan.client_id,
            program_id=plan.program_id,
            detail={
                choice: sum(1 for rating, _ in ratings.values() if rating == choice)
                for choice in ProgressRating.values
            },
        )
    return version
