"""The client registry, episodes of care and care teams.

The admissions issue fills in demographics, contacts, coverage and diagnoses; the access policy
(accounts/policy.py) needs only a client's program, care team and supervision.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone


class Client(models.Model):
    """A person served by a program. Medical record numbers are unique within the organization."""

    class SexAtBirth(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Unknown or not disclosed"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DISCHARGED = "discharged", "Discharged"

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT)
    program = models.ForeignKey(
        "core.Program",
        on_delete=models.PROTECT,
        related_name="clients",
        help_text="The program that holds the record; everything clinical is scoped to it.",
    )
    mrn = models.CharField("record number", max_length=20)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField()
    sex_at_birth = models.CharField(
        max_length=10, choices=SexAtBirth.choices, default=SexAtBirth.UNKNOWN
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "mrn"], name="client_mrn_unique"),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["last_name", "first_name"]),
        ]
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} ({self.first_name}) {self.last_name}"
        return f"{self.first_name} {self.last_name}"

    def age(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class CareTeamMember(models.Model):
    """A staff member on a client's care team. The access policy reads active members."""

    class TeamRole(models.TextChoices):
        PRIMARY = "primary", "Primary clinician"
        CLINICIAN = "clinician", "Clinician"
        PRESCRIBER = "prescriber", "Prescriber / nurse"
        CASE_MANAGER = "case_manager", "Case manager"
        FAMILY_THERAPIST = "family_therapist", "Family therapist"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_teams"
    )
    role = models.CharField(max_length=20, choices=TeamRole.choices, default=TeamRole.CLINICIAN)
    active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "user"],
                condition=models.Q(active=True),
                name="care_team_member_unique_active",
            )
        ]
        indexes = [models.Index(fields=["user", "active"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class LevelOfCare(models.TextChoices):
    """ASAM levels of care (DOMAIN.md). An IOP is level 2.1."""

    OUTPATIENT = "1", "Level 1 — outpatient"
    IOP = "2.1", "Level 2.1 — intensive outpatient"
    PHP = "2.5", "Level 2.5 — partial hospitalization"
    RESIDENTIAL_LOW = "3.1", "Level 3.1 — clinically managed low-intensity residential"
    RESIDENTIAL_HIGH = "3.5", "Level 3.5 — clinically managed high-intensity residential"
    INPATIENT = "3.7", "Level 3.7 — medically monitored intensive inpatient"
    HOSPITAL = "4", "Level 4 — medically managed intensive inpatient"


class Episode(models.Model):
    """One episode of care: admission to discharge. Readmission opens a new episode for the same
    client. The weekly-hours minimum is copied at admission (DOMAIN.md: adults 9, adolescents 6)."""

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
    referral_source = models.CharField(max_length=40, blank=True)

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
        ]
        indexes = [models.Index(fields=["program", "status"])]
        ordering = ["-admitted_on"]

    def __str__(self) -> str:
        return f"{self.client} — admitted {self.admitted_on:%Y-%m-%d}"

    def days_in_program(self, on: date | None = None) -> int:
        end = self.discharged_on or on or timezone.localdate()
        return (end - self.admitted_on).days + 1
