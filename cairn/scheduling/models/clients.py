"""Each client's side of the schedule: when they cannot come, what their week needs, and whom
they must never share a group with. Client data: read and written through the door."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cairn.core.models import Weekday


class ClientUnavailability(models.Model):
    """A time a client cannot attend: recurring each week (work, school, childcare) or dated
    (a court date, a trip). Without times, the whole day."""

    class Kind(models.TextChoices):
        RECURRING = "recurring", "Every week"
        DATED = "dated", "On dates"

    class Reason(models.TextChoices):
        WORK = "work", "Work"
        SCHOOL = "school", "School"
        CHILDCARE = "childcare", "Childcare or family care"
        MEDICAL = "medical", "Medical appointment"
        LEGAL = "legal", "Court or legal"
        TRAVEL = "travel", "Travel"
        OTHER = "other", "Other"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="unavailability"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.WORK)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "weekday", "starts_on", "start_time"]
        verbose_name_plural = "client unavailability"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="recurring", weekday__isnull=False)
                    | models.Q(kind="dated", starts_on__isnull=False, ends_on__isnull=False)
                ),
                name="unavailability_kind_fields",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="unavailability_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["client", "kind"])]

    def __str__(self) -> str:
        return self.describe()

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.RECURRING and not self.weekday:
            errors["weekday"] = "Pick the day of the week."
        if self.kind == self.Kind.DATED and not self.starts_on:
            errors["starts_on"] = "Give the first date."
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = "Give both times, or neither for the whole day."
        elif self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The end must be after the start."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The last date cannot be before the first."
        if errors:
            raise ValidationError(errors)

    @property
    def whole_day(self) -> bool:
        return self.start_time is None

    def describe(self) -> str:
        hours = "all day" if self.whole_day else f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        if self.kind == self.Kind.RECURRING:
            when = f"Every {Weekday(self.weekday).label}"
            if self.starts_on or self.ends_on:
                when += f" ({self.starts_on or '…'} to {self.ends_on or '…'})"
        elif self.ends_on and self.ends_on != self.starts_on:
            when = f"{self.starts_on:%b %-d} to {self.ends_on:%b %-d, %Y}"
        else:
            when = f"{self.starts_on:%a %b %-d, %Y}"
        return f"{when}, {hours}"


class ClientScheduleNeeds(models.Model):
    """What this client's week needs, where it differs from the program's defaults
    (ScheduleSettings). The weekly hours minimum comes from the episode (ASAM level 2.1:
    adults 9, adolescents 6)."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="schedule_needs"
    )
    individual_sessions = models.PositiveSmallIntegerField(
        "individual sessions a week", default=1, validators=[MaxValueValidator(5)]
    )
    family_sessions = models.PositiveSmallIntegerField(
        "family sessions a week", default=0, validators=[MaxValueValidator(3)]
    )
    min_days = models.PositiveSmallIntegerField(
        "fewest days a week", default=3, validators=[MaxValueValidator(7)]
    )
    max_days = models.PositiveSmallIntegerField(
        "most days a week", default=5, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    max_hours = models.PositiveSmallIntegerField(
        "most hours a week", default=19, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "client schedule needs"

    def __str__(self) -> str:
        return f"Schedule needs of client {self.client_id}"

    def clean(self) -> None:
        if self.min_days > self.max_days:
            raise ValidationError({"min_days": "The fewest days cannot be more than the most."})


class KeepApart(models.Model):
    """Two clients who must never share a group session (partners, co-defendants, a documented
    conflict). Ended, never deleted: the record of why stays."""

    class Reason(models.TextChoices):
        PARTNERS = "partners", "Partners or family members"
        CODEFENDANTS = "codefendants", "Co-defendants or a legal matter"
        CONFLICT = "conflict", "Documented conflict or safety concern"
        OTHER = "other", "Other"

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    client_a = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="keep_apart_a"
    )
    client_b = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="keep_apart_b"
    )
    reason = models.CharField(max_length=14, choices=Reason.choices)
    note = models.CharField(
        max_length=200, blank=True, help_text="Short and factual; no clinical detail."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "keep-apart pair"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client_a__lt=models.F("client_b")),
                name="keep_apart_ordered_pair",
            ),
            models.UniqueConstraint(
                fields=["client_a", "client_b"],
                condition=models.Q(ended_at__isnull=True),
                name="keep_apart_unique_active",
            ),
        ]

    def __str__(self) -> str:
        return f"Keep apart: clients {self.client_a_id} and {self.client_b_id}"

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def other(self, client_id: int) -> int:
        return self.client_b_id if client_id == self.client_a_id else self.client_a_id
