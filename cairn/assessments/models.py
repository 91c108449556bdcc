"""Administrations of standardized instruments, the program's assessment schedule and settings,
and the documented response to a safety alert.

An administration is one sitting of one instrument for one client: who entered it, when the
client answered, how (with staff, in the portal, or from a paper form) and the answers. While it
is a draft the answers may be partial and it carries no score; once submitted it holds the score
of ``scoring.score`` and never changes again (a mistake is marked "entered in error", with the
reason, and a new administration is entered). Nothing here is ever deleted.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cairn.assessments.instruments import all_instruments


def instrument_choices() -> list[tuple[str, str]]:
    return [(i.code, i.short_name) for i in all_instruments()]


class Method(models.TextChoices):
    """DOMAIN.md / issue 8: how an administration was taken."""

    STAFF = "staff", "With staff"
    PORTAL = "portal", "Client in the portal"
    PAPER = "paper", "Paper form, entered by staff"


class Occasion(models.TextChoices):
    """Why it was given (measurement-based care: intake, every two weeks, discharge)."""

    INTAKE = "intake", "Intake"
    FOLLOW_UP = "follow_up", "Follow-up"
    DISCHARGE = "discharge", "Discharge"
    SAFETY = "safety", "Safety follow-up"


class Administration(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ENTERED_IN_ERROR = "entered_in_error", "Entered in error"
        DISCARDED = "discarded", "Draft discarded"

    #: Fields a submitted administration may still change (marking it entered in error).
    MUTABLE_AFTER_SUBMIT = frozenset({"status", "status_reason", "status_changed_by_id", "version"})

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="administrations"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "clients.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrations",
        help_text="The episode of care it belongs to (none before admission).",
    )
    instrument = models.CharField(max_length=20, choices=instrument_choices)
    instrument_version = models.CharField(max_length=20)
    occasion = models.CharField(max_length=12, choices=Occasion.choices)
    method = models.CharField(max_length=10, choices=Method.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(
        default=dict, blank=True, help_text='Item id → answer, e.g. {"1": 2, "9": 0}.'
    )
    total = models.SmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=30, blank=True)
    flags = models.JSONField(default=list, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    critical = models.BooleanField(
        default=False, help_text="Carries a safety flag (PHQ-9 item 9 > 0, C-SSRS high)."
    )
    scored_with_sex = models.CharField(
        max_length=10, blank=True, help_text="The sex AUDIT-C's cut-off used; blank for none."
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    administered_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the client answered (the date on a paper form); set on submission.",
    )
    status_reason = models.TextField(blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-administered_at", "-started_at"]
        indexes = [
            models.Index(fields=["client", "instrument", "status", "administered_at"]),
            models.Index(fields=["episode", "instrument", "status"]),
            models.Index(fields=["program", "status", "instrument"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="administration_scored_iff_submitted",
                condition=(
                    models.Q(
                        status__in=["draft", "discarded"],
                        total__isnull=True,
                        submitted_at__isnull=True,
                    )
                    | models.Q(
                        status__in=["submitted", "entered_in_error"],
                        total__isnull=False,
                        submitted_at__isnull=False,
                        administered_at__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} for {self.client_id} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        """A submitted administration is a clinical record: its answers and score never change.
        The only later change is marking it entered in error (DESIGN.md principle 2)."""
        loaded = getattr(self, "_loaded", None)
        if loaded and loaded.get("status") in (self.Status.SUBMITTED, self.Status.ENTERED_IN_ERROR):
            changed = {
                field.attname
                for field in self._meta.concrete_fields
                if field.attname in loaded and getattr(self, field.attname) != loaded[field.attname]
            }
            if changed - self.MUTABLE_AFTER_SUBMIT:
                raise ValidationError(
                    f"A submitted assessment cannot be changed ({', '.join(sorted(changed))})."
                )
        super().save(*args, **kwargs)
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_scored(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def short_name(self) -> str:
        return self.get_instrument_display()


class AssessmentSettings(models.Model):
    """A program's measurement-based-care settings (one row per program, made on first save)."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="assessment_settings"
    )
    on_call_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Gets an urgent task with every safety alert, besides the primary clinician.",
    )
    grace_days = models.PositiveSmallIntegerField(
        "days before an assessment is overdue",
        default=3,
        help_text="An assessment due on Monday shows as overdue after this many days.",
    )
    cssrs_risk_by_item = models.JSONField(
        "C-SSRS risk level of each question",
        null=True,
        blank=True,
        help_text="Empty: the default (questions 1–2 low, 3 moderate, 4–6 high).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Assessment settings of {self.program}"


class ScheduleRule(models.Model):
    """When an instrument is due in a program (issue 8, point 4). A program without rules uses
    ``schedule.DEFAULT_RULES``."""

    program = models.ForeignKey(
        "core.Program", on_delete=models.CASCADE, related_name="assessment_rules"
    )
    instrument = models.CharField(max_length=20, choices=instrument_choices)
    at_intake = models.BooleanField(default=False)
    every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Repeat every this many days; empty for never."
    )
    at_discharge = models.BooleanField(default=False)
    after_critical = models.CharField(
        max_length=20,
        blank=True,
        choices=instrument_choices,
        help_text="Also due whenever this instrument raises a safety flag (C-SSRS after "
        "PHQ-9 item 9 > 0).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "instrument"], name="assessment_rule_unique"
            ),
            models.CheckConstraint(
                name="assessment_rule_interval_positive",
                condition=models.Q(every_days__isnull=True) | models.Q(every_days__gte=1),
            ),
        ]
        ordering = ["instrument"]

    def __str__(self) -> str:
        return f"{self.instrument} schedule of program {self.program_id}"

    @property
    def is_active(self) -> bool:
        return bool(self.at_intake or self.every_days or self.at_discharge or self.after_critical)


class SafetyResponse(models.Model):
    """The clinician's documented response to a safety alert (issue 8, point 5): what safety
    assessment was done, the plan, and who was told. Saving it resolves the alert."""

    class Assessment(models.TextChoices):
        CSSRS = "cssrs", "C-SSRS completed"
        INTERVIEW = "interview", "Clinical safety interview"
        EMERGENCY = "emergency", "Emergency evaluation arranged (crisis team, 911 or ED)"
        UNREACHABLE = "unreachable", "Could not reach the client; outreach and welfare check"

    alert = models.OneToOneField(
        "worklist.Alert", on_delete=models.PROTECT, related_name="safety_response"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="safety_responses"
    )
    administration = models.ForeignKey(
        Administration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="safety_responses",
    )
    assessment = models.CharField(max_length=12, choices=Assessment.choices)
    assessment_detail = models.TextField(blank=True)
    risk_level = models.CharField(
        max_length=10,
        choices=[("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
    )
    plan = models.TextField()
    people_told = models.TextField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Safety response to alert {self.alert_id}"
