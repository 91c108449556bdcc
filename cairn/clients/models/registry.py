"""The client registry: the person, their record number and their care team."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone


class Client(models.Model):
    """A person served by a program. Medical record numbers are unique within the organization.

    One person has one record however often they are admitted: readmission opens a new
    ``Episode`` for the same client (admissions/admission.py)."""

    class SexAtBirth(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Unknown or not disclosed"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DISCHARGED = "discharged", "Discharged"

    class Employment(models.TextChoices):
        FULL_TIME = "full_time", "Employed full time"
        PART_TIME = "part_time", "Employed part time"
        UNEMPLOYED = "unemployed", "Unemployed"
        STUDENT = "student", "Student"
        RETIRED = "retired", "Retired"
        DISABLED = "disabled", "Unable to work (disability)"
        OTHER = "other", "Other"

    class LivingSituation(models.TextChoices):
        INDEPENDENT = "independent", "Own home or rented"
        WITH_FAMILY = "with_family", "With family or friends"
        SOBER_HOUSING = "sober_housing", "Sober living or recovery housing"
        SHELTER = "shelter", "Shelter"
        UNHOUSED = "unhoused", "No stable housing"
        OTHER = "other", "Other"

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT)
    program = models.ForeignKey(
        "core.Program",
        on_delete=models.PROTECT,
        related_name="clients",
        help_text="The program that holds the record; everything clinical is scoped to it.",
    )
    mrn = models.CharField("record number", max_length=20)
    first_name = models.CharField("legal first name", max_length=100)
    last_name = models.CharField("legal last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField()
    sex_at_birth = models.CharField(
        max_length=10, choices=SexAtBirth.choices, default=SexAtBirth.UNKNOWN
    )
    gender_identity = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=40, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    employment = models.CharField(max_length=12, choices=Employment.choices, blank=True)
    living_situation = models.CharField(max_length=16, choices=LivingSituation.choices, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "mrn"], name="client_mrn_unique"),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["organization", "date_of_birth"], name="client_org_dob_idx"),
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


class RecordNumberSequence(models.Model):
    """The last record number handed out in an organization (locked while the next is taken)."""

    organization = models.OneToOneField(
        "core.Organization", on_delete=models.PROTECT, related_name="+"
    )
    last_value = models.PositiveIntegerField(default=0)
    prefix = models.CharField(max_length=4, default="C")

    def __str__(self) -> str:
        return f"{self.organization}: {self.prefix}{self.last_value}"


class CareTeamMember(models.Model):
    """A staff member on a client's care team. The access policy reads active members.
    Never deleted: a removal marks the membership inactive, with who removed it and when
    (``clients/care_team.py``)."""

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
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

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
