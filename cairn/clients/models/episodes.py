"""Episodes of care: admission, level-of-care and track changes, discharge and aftercare, and
the weekly-hours minimums as data."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.clients.models.registry import Client


class LevelOfCare(models.TextChoices):
    """ASAM levels of care (DOMAIN.md). An IOP is level 2.1."""

    OUTPATIENT = "1", "Level 1 — outpatient"
    IOP = "2.1", "Level 2.1 — intensive outpatient"
    PHP = "2.5", "Level 2.5 — partial hospitalization"
    RESIDENTIAL_LOW = "3.1", "Level 3.1 — clinically managed low-intensity residential"
    RESIDENTIAL_HIGH = "3.5", "Level 3.5 — clinically managed high-intensity residential"
    INPATIENT = "3.7", "Level 3.7 — medically monitored intensive inpatient"
    HOSPITAL = "4", "Level 4 — medically managed intensive inpatient"


def level_rank(level: str) -> float:
    """Levels compare by their number: 1 < 2.1 < 2.5 < 3.1 < … < 4."""
    return float(level)


class ReferralSource(models.TextChoices):
    SELF = "self", "Self"
    FAMILY = "family", "Family"
    INPATIENT = "inpatient", "Inpatient program"
    PHP = "php", "Partial hospitalization (PHP) program"
    COURT = "court", "Court or probation"
    EMPLOYER = "employer", "Employer"
    CLINICIAN = "clinician", "Clinician or physician"
    OTHER = "other", "Other"


class DischargeType(models.TextChoices):
    COMPLETED = "completed", "Completed the program"
    STEPPED_DOWN = "stepped_down", "Stepped down to a lower level of care"
    TRANSFERRED_UP = "transferred_up", "Transferred to a higher level of care"
    AGAINST_ADVICE = "against_advice", "Left against clinical advice"
    ADMINISTRATIVE = "administrative", "Administrative discharge"
    OTHER = "other", "Other"


class Episode(models.Model):
    """One episode of care: admission to discharge. Readmission opens a new episode for the same
    client. The weekly-hours minimum is copied at admission and on each level-of-care change
    from the program's ``HoursMinimum`` rows (DOMAIN.md: level 2.1 adults 9, adolescents 6)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DISCHARGED = "discharged", "Discharged"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="episodes")
    level_of_care = models.CharField(
        max_length=4, choices=LevelOfCare.choices, default=LevelOfCare.IOP
    )
    track = models.ForeignKey(
        "core.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    admitted_on = models.DateField()
    discharged_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    primary_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_episodes",
    )
    weekly_min_hours = models.DecimalField(
        "weekly hours minimum", max_digits=4, decimal_places=1, default=9
    )
    weekly_min_basis = models.CharField(
        "how the minimum was set", max_length=200, blank=True, help_text="The rule applied."
    )
    referral_source = models.CharField(max_length=40, choices=ReferralSource.choices, blank=True)
    referring_organization = models.CharField(max_length=200, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    discharge_type = models.CharField(max_length=20, choices=DischargeType.choices, blank=True)
    discharge_summary = models.TextField(blank=True)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discharge_recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="active"),
                name="one_active_episode_per_client",
            ),
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True)
                | models.Q(discharged_on__gte=models.F("admitted_on")),
                name="episode_discharge_after_admission",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="discharged") | models.Q(discharged_on__isnull=False),
                name="episode_discharged_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "admitted_on"], name="episode_admitted_idx"),
            models.Index(fields=["program", "discharged_on"], name="episode_discharged_idx"),
            models.Index(fields=["primary_clinician", "status"], name="episode_clinician_idx"),
        ]
        ordering = ["-admitted_on"]

    def __str__(self) -> str:
        return f"{self.client} — admitted {self.admitted_on:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def days_in_program(self, on: date | None = None) -> int:
        end = self.discharged_on or on or timezone.localdate()
        return (end - self.admitted_on).days + 1


class EpisodeChange(models.Model):
    """A change of level of care and/or track within an episode: step up to PHP, step down to
    outpatient, move to the evening track. Recorded once, never edited."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="changes")
    effective_on = models.DateField()
    from_level = models.CharField(max_length=4, choices=LevelOfCare.choices)
    to_level = models.CharField(max_length=4, choices=LevelOfCare.choices)
    from_track = models.ForeignKey(
        "core.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_track = models.ForeignKey(
        "core.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_weekly_min_hours = models.DecimalField(max_digits=4, decimal_places=1)
    to_weekly_min_hours = models.DecimalField(max_digits=4, decimal_places=1)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["effective_on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.episode.client}: change on {self.effective_on:%Y-%m-%d}"

    @property
    def level_changed(self) -> bool:
        return self.from_level != self.to_level

    @property
    def track_changed(self) -> bool:
        return self.from_track_id != self.to_track_id

    @property
    def direction(self) -> str:
        if not self.level_changed:
            return "Track change"
        up = level_rank(self.to_level) > level_rank(self.from_level)
        return "Step up" if up else "Step down"


class AftercareItem(models.Model):
    """One line of the aftercare plan written at discharge."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Referral"
        TWELVE_STEP = "twelve_step", "12-step meeting"
        NON_TWELVE_STEP = "non_twelve_step", "Non-12-step meeting (SMART, Refuge Recovery…)"
        APPOINTMENT = "appointment", "Follow-up appointment"
        OTHER = "other", "Other"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="aftercare")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(
        max_length=200, help_text="e.g. 'Dr. Lee, outpatient psychiatry' or 'AA home group'"
    )
    details = models.CharField(
        "when, where, contact", max_length=300, blank=True, help_text="Day, time, address, phone"
    )
    starts_on = models.DateField("date", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class HoursMinimum(models.Model):
    """Rules as data (DESIGN.md principle 3): the weekly hours of structured programming a
    client must be offered, by level of care and age band.

    Rows without a program are the defaults from DOMAIN.md (level 2.1: adults 9, adolescents 6;
    level 2.5: 20). A program that has any row of its own for a level uses only its own rows
    for that level. See ``cairn.clients.hours.weekly_minimum``."""

    program = models.ForeignKey(
        "core.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="hours_minimums",
        help_text="Leave empty for the default every program uses unless it sets its own.",
    )
    level_of_care = models.CharField(max_length=4, choices=LevelOfCare.choices)
    min_age = models.PositiveSmallIntegerField("from age", default=0)
    max_age = models.PositiveSmallIntegerField(
        "to age (inclusive)", null=True, blank=True, help_text="Empty: no upper limit."
    )
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1)
    label = models.CharField(max_length=60, help_text="e.g. 'adults' or 'adolescents'")

    class Meta:
        ordering = ["level_of_care", "min_age"]
        verbose_name = "weekly hours minimum"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="hours_minimum_age_band",
            ),
        ]

    def __str__(self) -> str:
        ages = f"{self.min_age}–{self.max_age}" if self.max_age is not None else f"{self.min_age}+"
        return f"Level {self.level_of_care}, {self.label} ({ages}): {self.weekly_hours} h"

    def covers(self, age: int) -> bool:
        return self.min_age <= age and (self.max_age is None or age <= self.max_age)
