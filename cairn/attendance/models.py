"""Attendance: who came to a session and for how long, and the program's attendance rules.

- ``AttendanceRecord``: one client at one session (status and minutes attended). Weekly hours,
  daily IOP qualification and the compliance board are sums over these rows.
- ``AttendanceCorrection``: a change to a record after it was taken, with the reason; the
  record holds the current values, its corrections hold every earlier version (the original is
  the first correction's "before").
- ``AttendanceSettings``: a program's thresholds (IOP day, absence alerts, trend length).
- ``HoursRule``: weekly-hours minimums by level of care and age, and the step-down allowance
  (DOMAIN.md, "Level of care and hours") — rows, not code, so a program can change them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cairn.clients.models import LevelOfCare


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    ABSENT_EXCUSED = "absent_excused", "Absent, excused"
    ABSENT_UNEXCUSED = "absent_unexcused", "Absent, unexcused"


#: Statuses that mean the client was in the room (minutes may be above zero).
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY})
ABSENT = frozenset({AttendanceStatus.ABSENT_EXCUSED, AttendanceStatus.ABSENT_UNEXCUSED})


class AttendanceSettings(models.Model):
    """A program's attendance rules. A program without a row uses the field defaults."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="attendance_settings"
    )
    iop_day_minutes = models.PositiveSmallIntegerField(
        "IOP day minimum (minutes)",
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text="A client-day qualifies as an IOP day (H0015) when the client attended at "
        "least this many minutes of program services. DOMAIN.md: at least 3 hours a day.",
    )
    absence_streak = models.PositiveSmallIntegerField(
        "unexcused absences in a row that raise an alert",
        default=2,
        validators=[MinValueValidator(1)],
    )
    low_attendance_percent = models.PositiveSmallIntegerField(
        "low attendance alert below (percent)",
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Minutes attended as a share of the minutes of the sessions recorded.",
    )
    low_attendance_days = models.PositiveSmallIntegerField(
        "over the last (days)", default=14, validators=[MinValueValidator(1)]
    )
    low_attendance_min_sessions = models.PositiveSmallIntegerField(
        "only once a client has this many sessions recorded in that period",
        default=4,
        validators=[MinValueValidator(1)],
        help_text="So one missed session in a client's first days does not raise an alert.",
    )
    trend_weeks = models.PositiveSmallIntegerField(
        "weeks of trend on the compliance board",
        default=6,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
    )

    class Meta:
        verbose_name = "attendance settings"
        verbose_name_plural = "attendance settings"

    def __str__(self) -> str:
        return f"Attendance settings of {self.program}"


class HoursRule(models.Model):
    """Weekly-hours minimum and step-down allowance for a level of care and an age band.

    Rows without a program are the defaults for every program; a program's own row for the
    same level and age wins. The admission copies the minimum onto the episode
    (``Episode.weekly_min_hours``); the compliance board reads the allowance from here.
    """

    program = models.ForeignKey(
        "core.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="hours_rules",
        help_text="Empty: the default for every program.",
    )
    level_of_care = models.CharField(max_length=4, choices=LevelOfCare.choices)
    min_age = models.PositiveSmallIntegerField(default=0)
    max_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Inclusive. Empty: no upper limit."
    )
    weekly_min_hours = models.DecimalField(
        "weekly hours minimum", max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    step_down_weeks = models.PositiveSmallIntegerField(
        "weeks allowed below the minimum while stepping down",
        default=0,
        validators=[MaxValueValidator(8)],
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the number comes from, e.g. ASAM 3rd ed."
    )

    class Meta:
        ordering = ["level_of_care", "min_age"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="hours_rule_age_band",
            ),
        ]

    def __str__(self) -> str:
        ages = f"{self.min_age}+" if self.max_age is None else f"{self.min_age}–{self.max_age}"
        return f"Level {self.level_of_care}, ages {ages}: {self.weekly_min_hours} h/week"

    def covers(self, level: str, age: int) -> bool:
        return (
            self.level_of_care == level
            and self.min_age <= age
            and (self.max_age is None or age <= self.max_age)
        )


class AttendanceRecord(models.Model):
    """One client's attendance at one session. Unique per session and client: taking the
    same attendance twice changes nothing; changing it later is a correction."""

    session = models.ForeignKey(
        "scheduling.Session", on_delete=models.PROTECT, related_name="attendance"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="attendance"
    )
    episode = models.ForeignKey(
        "clients.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
        help_text="The episode of care the session fell in.",
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    minutes = models.PositiveSmallIntegerField("minutes attended")
    late_minutes = models.PositiveSmallIntegerField("minutes late", default=0)
    early_minutes = models.PositiveSmallIntegerField("minutes left early", default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=sorted(s.value for s in ATTENDED))
                | models.Q(minutes=0, late_minutes=0, early_minutes=0),
                name="attendance_absent_has_no_minutes",
            ),
        ]
        indexes = [models.Index(fields=["client", "session"])]

    def __str__(self) -> str:
        return f"{self.client} at {self.session}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED

    def values(self) -> tuple[str, int, int, int]:
        return (self.status, self.minutes, self.late_minutes, self.early_minutes)


class AttendanceCorrection(models.Model):
    """A change to a record after it was taken: before and after, why, who and when.
    Append-only; the record's first correction holds the original values."""

    record = models.ForeignKey(
        AttendanceRecord, on_delete=models.PROTECT, related_name="corrections"
    )
    version = models.PositiveIntegerField(help_text="The record's version after this change.")
    previous_status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    previous_minutes = models.PositiveSmallIntegerField()
    previous_late_minutes = models.PositiveSmallIntegerField(default=0)
    previous_early_minutes = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    minutes = models.PositiveSmallIntegerField()
    late_minutes = models.PositiveSmallIntegerField(default=0)
    early_minutes = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record", "version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="correction_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="correction_needs_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Correction {self.version} of {self.record_id}"
