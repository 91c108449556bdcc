"""Diagnoses, coded in ICD-10-CM (the code set comes from the simple-icd-10-cm package)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.clients.models.registry import Client


class Diagnosis(models.Model):
    """One diagnosis on the client's problem list. Never deleted: a wrong entry is marked
    "entered in error", a resolved one "resolved". One active primary diagnosis per client."""

    class Rank(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    class Category(models.TextChoices):
        SUBSTANCE_USE = "substance_use", "Substance use"
        MENTAL_HEALTH = "mental_health", "Co-occurring mental health"
        MEDICAL = "medical", "Medical or other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        IN_REMISSION = "in_remission", "In remission"
        RESOLVED = "resolved", "Resolved"
        ERROR = "entered_in_error", "Entered in error"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="diagnoses")
    episode = models.ForeignKey(
        "clients.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("ICD-10-CM code", max_length=10)
    description = models.CharField(max_length=300)
    rank = models.CharField(max_length=10, choices=Rank.choices, default=Rank.SECONDARY)
    category = models.CharField(max_length=16, choices=Category.choices)
    onset_on = models.DateField("onset", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")

    class Meta:
        verbose_name_plural = "diagnoses"
        ordering = ["rank", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(rank="primary", status="active"),
                name="diagnosis_one_active_primary",
            ),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def is_current(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.IN_REMISSION)
