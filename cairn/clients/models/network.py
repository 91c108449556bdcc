"""The people around a client (emergency contact, family, sober supports) and their insurance.
Neither is ever deleted: a contact is marked removed, a coverage ended."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.clients.models.registry import Client


class Contact(models.Model):
    """Someone in the client's life the program may need to reach, or who supports recovery."""

    class Kind(models.TextChoices):
        FAMILY = "family", "Family member"
        SOBER_SUPPORT = "sober_support", "Sober support (sponsor, peer, mentor)"
        FRIEND = "friend", "Friend"
        PROFESSIONAL = "professional", "Professional (probation officer, physician…)"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    relationship = models.CharField(max_length=80, help_text="e.g. mother, sponsor, partner")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    emergency_contact = models.BooleanField(
        "emergency contact", default=False, help_text="Call this person in an emergency."
    )
    may_contact = models.BooleanField(
        "the program may contact this person",
        default=False,
        help_text="Telling anyone that this person is a client is a disclosure: it also needs a "
        "Part 2 consent naming them.",
    )
    notes = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-emergency_contact", "kind", "name"]
        indexes = [models.Index(fields=["client", "active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class Coverage(models.Model):
    """An insurance coverage. At most one active coverage per priority (primary, secondary…)."""

    class Priority(models.IntegerChoices):
        PRIMARY = 1, "Primary"
        SECONDARY = 2, "Secondary"
        TERTIARY = 3, "Tertiary"

    class Relationship(models.TextChoices):
        SELF = "self", "Self"
        SPOUSE = "spouse", "Spouse or partner"
        PARENT = "parent", "Parent or guardian"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="coverages")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.PRIMARY)
    payer_name = models.CharField("payer", max_length=200, help_text="e.g. Aetna, Medicaid")
    plan_name = models.CharField("plan", max_length=200, blank=True)
    member_id = models.CharField("member ID", max_length=60)
    group_number = models.CharField("group number", max_length=60, blank=True)
    subscriber_name = models.CharField(
        max_length=200, blank=True, help_text="Leave empty when the client is the subscriber."
    )
    subscriber_relationship = models.CharField(
        "client's relationship to the subscriber",
        max_length=10,
        choices=Relationship.choices,
        default=Relationship.SELF,
    )
    effective_on = models.DateField("effective from", null=True, blank=True)
    ends_on = models.DateField("ends on", null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-active", "priority", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "priority"],
                condition=models.Q(active=True),
                name="coverage_one_active_per_priority",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(effective_on__isnull=True)
                | models.Q(ends_on__gte=models.F("effective_on")),
                name="coverage_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer_name} ({self.get_priority_display().lower()})"

    @property
    def subscriber_label(self) -> str:
        if self.subscriber_relationship == self.Relationship.SELF or not self.subscriber_name:
            return "The client"
        return f"{self.subscriber_name} ({self.get_subscriber_relationship_display().lower()})"
