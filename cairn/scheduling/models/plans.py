"""Weekly plans (the optimizer's proposals) and private calendar feeds."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class SchedulePlan(models.Model):
    """One run of the weekly optimizer: the instance it was given (contract
    ``cairn-schedule/1``), the solution it proposed, and whether a director approved it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Gathering the week"
        SOLVING = "solving", "Finding the best week"
        PROPOSED = "proposed", "Ready for review"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Replaced by a newer plan"
        FAILED = "failed", "Could not be planned"

    RUNNING = (Status.QUEUED, Status.BUILDING, Status.SOLVING)

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(help_text="The Monday of the planned week.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    instance = models.JSONField(null=True, blank=True)
    solution = models.JSONField(null=True, blank=True)
    report = models.JSONField(
        default=dict, blank=True, help_text="Unmet requirements with reasons, counts."
    )
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="The week's fixed sessions when the plan was built."
    )
    message = models.TextField(blank=True)
    time_limit = models.PositiveSmallIntegerField(default=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["program", "week_start"])]

    def __str__(self) -> str:
        return f"Plan for the week of {self.week_start:%b %-d, %Y} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def elapsed_seconds(self) -> int:
        if not self.started_at:
            return 0
        end = self.finished_at or timezone.now()
        return max(0, int((end - self.started_at).total_seconds()))

    @property
    def progress_percent(self) -> int:
        """An honest estimate for the progress bar: the optimizer stops at its time limit."""
        if self.status == self.Status.QUEUED:
            return 0
        if self.status == self.Status.BUILDING:
            return 5
        if self.status == self.Status.SOLVING:
            return min(95, 10 + int(85 * self.elapsed_seconds / max(1, self.time_limit)))
        return 100


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A private iCalendar feed: a staff member's own sessions, or a client's (for the portal).

    The URL's token is the only credential, so only its hash is stored; revoking it ends the
    feed at once. Feeds carry times and places, never names or clinical detail."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, client__isnull=True)
                | models.Q(user__isnull=True, client__isnull=False),
                name="feed_for_user_or_client",
            )
        ]

    def __str__(self) -> str:
        whose = f"user {self.user_id}" if self.user_id else f"client {self.client_id}"
        return f"Calendar feed of {whose}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
