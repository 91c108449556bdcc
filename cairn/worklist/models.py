"""Tasks (work someone must do by a date) and alerts (something about a client that needs a
clinician's attention until it is resolved). Every app raises them through ``operations.py``
— follow-up calls, outreach after an absence, safety responses, discharge check-ins."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    NORMAL = "normal", "Normal"


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="tasks")
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks"
    )
    kind = models.CharField(
        max_length=40,
        help_text="What raised it, e.g. outreach, safety, follow_up, discharge_check_in",
    )
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(
        max_length=80,
        blank=True,
        help_text="The record that raised it, e.g. 'attendance.record:41'. Raised once.",
    )
    url = models.CharField(max_length=300, blank=True, help_text="Where the work is done.")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["owner", "status", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "owner"],
                condition=~models.Q(source=""),
                name="task_unique_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, now=None) -> bool:
        return self.status == self.Status.OPEN and self.due_at < (now or timezone.now())


class Alert(models.Model):
    """A flag on a client's chart that stays until a clinician documents a response."""

    class Severity(models.TextChoices):
        URGENT = "urgent", "Urgent"
        WARNING = "warning", "Needs attention"
        INFO = "info", "For information"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="alerts")
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=40, help_text="e.g. safety, attendance, check_in, drug_screen"
    )
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.WARNING)
    message = models.CharField(max_length=300)
    source = models.CharField(max_length=80, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["client", "resolved_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source"],
                condition=~models.Q(source=""),
                name="alert_unique_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
