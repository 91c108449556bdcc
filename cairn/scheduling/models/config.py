"""Program-wide scheduling configuration: the week's shape, room closures and staff availability.

None of this is client data: the program director (or an administrator) edits it on the
configuration pages or in the Django admin."""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cairn.core.models import Weekday

#: Qualifications every program uses; group types may name others (``yoga``, ``art_therapy``).
BASE_QUALIFICATIONS = {
    "group": "Leads therapy groups",
    "individual": "Individual therapy",
    "family": "Family therapy",
}


def default_weekdays() -> list[int]:
    return [1, 2, 3, 4, 5]


class ScheduleSettings(models.Model):
    """How a program's week is cut into slots, and the defaults of every client's week.

    DOMAIN.md: 3–5 sessions a week of 3–4 hours; adults at least 9 hours, adolescents 6 (the
    minimum comes from each client's episode); typical IOP weeks run to 19 hours."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="schedule_settings"
    )
    group_minutes = models.PositiveSmallIntegerField(
        "group session length (minutes)",
        default=90,
        validators=[MinValueValidator(30), MaxValueValidator(240)],
        help_text="Each track's daily block is cut into group sessions of this length.",
    )
    individual_minutes = models.PositiveSmallIntegerField(
        "individual and family session length (minutes)",
        default=60,
        validators=[MinValueValidator(30), MaxValueValidator(120)],
    )
    individual_days = models.JSONField(
        default=default_weekdays, help_text="Weekdays (1 = Monday) with individual sessions."
    )
    individual_from = models.TimeField("individual sessions from", default=time(8))
    individual_until = models.TimeField("individual sessions until", default=time(20))
    staff_max_hours = models.PositiveSmallIntegerField(
        "default weekly hour limit for staff",
        default=32,
        validators=[MaxValueValidator(80)],
    )
    client_max_hours = models.PositiveSmallIntegerField(
        "most hours a client is scheduled in a week",
        default=19,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    client_min_days = models.PositiveSmallIntegerField(
        "fewest days a week", default=3, validators=[MaxValueValidator(7)]
    )
    client_max_days = models.PositiveSmallIntegerField(
        "most days a week", default=5, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    individual_sessions = models.PositiveSmallIntegerField(
        "individual sessions a week", default=1, validators=[MaxValueValidator(5)]
    )
    family_sessions = models.PositiveSmallIntegerField(
        "family sessions a week", default=0, validators=[MaxValueValidator(3)]
    )
    solve_seconds = models.PositiveSmallIntegerField(
        "time the optimizer may take (seconds)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )

    class Meta:
        verbose_name = "schedule settings"
        verbose_name_plural = "schedule settings"

    def __str__(self) -> str:
        return f"Schedule settings of {self.program}"

    def clean(self) -> None:
        errors = {}
        start, until = self.individual_from, self.individual_until
        if start and until and until <= start:
            errors["individual_until"] = "Individual sessions must end after they start."
        if self.client_min_days > self.client_max_days:
            errors["client_min_days"] = "The fewest days cannot be more than the most days."
        days = self.individual_days
        if not isinstance(days, list) or any(day not in Weekday.values for day in days):
            errors["individual_days"] = "Days are numbers 1 (Monday) to 7 (Sunday)."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_program(cls, program) -> "ScheduleSettings":
        """The program's settings, or the defaults (unsaved) when none were saved yet."""
        found = cls.objects.filter(program=program).first()
        return found or cls(program=program)


class RoomClosure(models.Model):
    """A room out of use for a while (repairs, another booking)."""

    room = models.ForeignKey("scheduling.Room", on_delete=models.CASCADE, related_name="closures")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="closure_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} closed {timezone.localtime(self.starts_at):%b %-d %H:%M}"


class StaffProfile(models.Model):
    """What a staff member can lead and how much, in one program."""

    program = models.ForeignKey(
        "core.Program", on_delete=models.CASCADE, related_name="staff_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profiles"
    )
    qualifications = models.JSONField(
        default=list, help_text="Codes: group, individual, family, and those group types need."
    )
    max_hours = models.PositiveSmallIntegerField(
        "weekly hour limit", default=32, validators=[MaxValueValidator(80)]
    )
    schedulable = models.BooleanField(
        "in the weekly plan",
        default=True,
        help_text="Turn off to keep this person out of planned sessions (hand-added ones stay).",
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="staff_profile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.program}"

    def holds(self, qualification: str) -> bool:
        return qualification in (self.qualifications or [])


class StaffAvailability(models.Model):
    """Recurring weekly hours a staff member works. No rows: available whenever the program
    runs."""

    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name_plural = "staff availability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="staff_hours_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class StaffTimeOff(models.Model):
    """A dated exception: leave, training, a half day. Whole days when no times are given."""

    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="time_off")
    starts_on = models.DateField()
    ends_on = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "staff time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="time_off_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile.user} off {self.starts_on}–{self.ends_on}"
