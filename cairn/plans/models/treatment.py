"""The treatment plan: one per episode of care, in versions. Each version holds problems (linked
to diagnoses and ASAM dimensions where they apply), goals in the client's own words, measurable
objectives with target dates, and interventions (modality, frequency, responsible staff).

Diagnoses are copied into the problem as they stood when the plan was written (code and
description), so a signed plan reads the same forever whatever later happens to the chart's
diagnosis list; ``diagnosis_id`` is kept for the link back.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cairn.plans.library import MODALITIES, SETTINGS
from cairn.plans.models.base import (
    OPEN_STATUSES,
    Keyed,
    SignedVersion,
    VersionContent,
    VersionStatus,
)


class TreatmentPlan(models.Model):
    """The treatment plan of one episode; its content lives in versions."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="treatment_plans"
    )
    episode = models.OneToOneField(
        "clients.Episode", on_delete=models.PROTECT, related_name="treatment_plan"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    last_signed_on = models.DateField(
        null=True,
        blank=True,
        help_text="Plan date of the latest version the clinician signed: the review clock.",
    )

    class Meta:
        indexes = [models.Index(fields=["program", "last_signed_on"])]

    def __str__(self) -> str:
        return f"Treatment plan — {self.client}"


class TreatmentPlanVersion(SignedVersion):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="versions")
    strengths = models.TextField(
        "strengths and supports",
        blank=True,
        help_text="What the client brings to recovery, in their words where possible.",
    )
    discharge_criteria = models.TextField(
        "ready to step down when",
        blank=True,
        help_text="What completing this level of care looks like.",
    )
    review_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version this one reviews (progress is rated per objective).",
    )
    review_summary = models.TextField("review summary", blank=True)

    class Meta(SignedVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="tp_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="tp_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status=VersionStatus.ACTIVE),
                name="tp_one_active_version",
            ),
        ]

    @property
    def client_id(self) -> int:
        return self.plan.client_id


class Problem(VersionContent, Keyed):
    version = models.ForeignKey(
        TreatmentPlanVersion, on_delete=models.PROTECT, related_name="problems"
    )
    title = models.CharField("problem", max_length=200)
    statement = models.TextField(
        "description", blank=True, help_text="How the problem shows up for this client."
    )
    diagnoses = models.JSONField(
        default=list,
        blank=True,
        help_text='Diagnoses as written into the plan: [{"id", "code", "description"}].',
    )
    asam_dimensions = models.JSONField(
        "ASAM dimensions", default=list, blank=True, help_text="Dimension numbers 1–6."
    )
    library_code = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not isinstance(self.asam_dimensions, list) or any(
            d not in range(1, 7) for d in self.asam_dimensions
        ):
            raise ValidationError({"asam_dimensions": "ASAM dimensions are numbers 1 to 6."})


class Goal(VersionContent, Keyed):
    version = models.ForeignKey(
        TreatmentPlanVersion, on_delete=models.PROTECT, related_name="goals"
    )
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="goals")
    statement = models.TextField("goal, in the client's own words")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.statement

    def clean(self) -> None:
        if self.problem_id and self.problem.version_id != self.version_id:
            raise ValidationError({"problem": "Pick a problem of this version."})


class Objective(VersionContent, Keyed):
    """A measurable step toward a goal, with a target date. Notes record the objectives they
    addressed (``cairn.plans.links``)."""

    version = models.ForeignKey(
        TreatmentPlanVersion, on_delete=models.PROTECT, related_name="objectives"
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="objectives")
    text = models.TextField("objective", help_text="Measurable: what, how much, how often.")
    measure = models.CharField(
        "how we'll measure it", max_length=200, blank=True, help_text="e.g. PHQ-9, drug screens"
    )
    target_date = models.DateField()
    met_on = models.DateField(null=True, blank=True, help_text="Set when a review rates it met.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        errors = {}
        if self.goal_id and self.goal.version_id != self.version_id:
            errors["goal"] = "Pick a goal of this version."
        if (
            self.target_date
            and self.version_id
            and self.met_on is None
            and self.target_date < self.version.plan_date
        ):
            errors["target_date"] = (
                f"The target date can't be before the plan date "
                f"({self.version.plan_date:%b %-d, %Y})."
            )
        if errors:
            raise ValidationError(errors)


class Intervention(VersionContent, Keyed):
    version = models.ForeignKey(
        TreatmentPlanVersion, on_delete=models.PROTECT, related_name="interventions"
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="interventions")
    modality = models.CharField(max_length=24, choices=list(MODALITIES.items()))
    setting = models.CharField(max_length=12, choices=list(SETTINGS.items()))
    frequency = models.CharField(max_length=100, help_text="e.g. weekly, 50 minutes")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="responsible staff",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} ({self.get_setting_display().lower()})"

    def clean(self) -> None:
        if self.goal_id and self.goal.version_id != self.version_id:
            raise ValidationError({"goal": "Pick a goal of this version."})


class ProgressRating(models.TextChoices):
    MET = "met", "Met"
    PROGRESSING = "progressing", "Progressing"
    NOT_PROGRESSING = "not_progressing", "Not progressing"
    REVISED = "revised", "Revised"


class ObjectiveProgress(VersionContent):
    """A review's rating of one objective of the version reviewed. It belongs to the new
    version the review created, and is locked with it when the clinician signs."""

    version = models.ForeignKey(
        TreatmentPlanVersion, on_delete=models.PROTECT, related_name="progress"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="progress_ratings"
    )
    rating = models.CharField(max_length=16, choices=ProgressRating.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "objective"], name="one_rating_per_objective"
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.get_rating_display()}"
