"""Each program's plan settings (the director or admin sets them in the configuration pages)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class PlanSettings(models.Model):
    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="plan_settings"
    )
    review_interval_days = models.PositiveSmallIntegerField(
        "review every (days)",
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
        help_text="Treatment plans are reviewed this many days after the last signed version.",
    )
    review_warning_days = models.PositiveSmallIntegerField(
        "show as due (days before)",
        default=7,
        validators=[MaxValueValidator(30)],
        help_text="A review shows as due this many days before its date.",
    )
    initial_plan_days = models.PositiveSmallIntegerField(
        "first plan within (days of admission)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="A configurable default; state rules and payers differ.",
    )

    class Meta:
        verbose_name = "plan settings"
        verbose_name_plural = "plan settings"

    def __str__(self) -> str:
        return f"Plan settings — {self.program}"

    @classmethod
    def for_program(cls, program_id: int) -> "PlanSettings":
        """The program's settings, or the defaults (unsaved) when none were set."""
        found = cls.objects.filter(program_id=program_id).first()
        return found or cls(program_id=program_id)
