"""Homework: a worksheet a clinician assigns to a client, which the client completes in the
portal and the clinician reviews (issue 11, point 4).

One row per assignment carries its answers: ``assigned`` (the client may keep a draft) →
``submitted`` (answers frozen) → ``reviewed`` (the clinician's comment, once). An assignment
that is no longer wanted is ``withdrawn`` with who and why — never deleted (DESIGN.md
principle 2: nothing clinical is hard-deleted). ``version`` guards against two tabs saving
over each other (optimistic locking).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.homework.worksheets import answer_items, get_worksheet, worksheet_choices


class HomeworkDeleteError(Exception):
    """Homework is part of the clinical record: it is withdrawn, never deleted."""


class AssignmentQuerySet(models.QuerySet):
    def delete(self):
        raise HomeworkDeleteError("Homework is withdrawn, never deleted.")


class Assignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Assigned"
        SUBMITTED = "submitted", "Submitted"
        REVIEWED = "reviewed", "Reviewed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="homework")
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "clients.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worksheet = models.CharField(max_length=40, choices=worksheet_choices)
    instructions = models.TextField(blank=True, max_length=2000)
    due_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True, max_length=4000)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-id"]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"{self.definition.title} for client {self.client_id}"

    def delete(self, *args, **kwargs):
        raise HomeworkDeleteError("Homework is withdrawn, never deleted.")

    @property
    def definition(self):
        return get_worksheet(self.worksheet)

    @property
    def title(self) -> str:
        return str(self.definition.title)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ASSIGNED

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.REVIEWED)

    def answer_items(self) -> list[dict]:
        return answer_items(self.definition, self.answers)
