"""Rooms, the group catalog and sessions — the core the attendance and notes apps build on.

Configuration (availability, keep-apart pairs, closures), weekly plans and calendar feeds live
beside this module; these fields keep their meaning for the attendance and notes apps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class SessionKind(models.TextChoices):
    GROUP = "group", "Group"
    INDIVIDUAL = "individual", "Individual"
    FAMILY = "family", "Family"


class Room(models.Model):
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)
    kinds = models.JSONField(
        default=list, help_text="Session kinds the room suits: group, individual, family."
    )
    capacity = models.PositiveSmallIntegerField(default=12)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="room_name_unique")]

    def __str__(self) -> str:
        return self.name


class GroupType(models.Model):
    """An entry of the group catalog (process, relapse prevention, coping skills…)."""

    program = models.ForeignKey(
        "core.Program", on_delete=models.PROTECT, related_name="group_types"
    )
    code = models.SlugField(help_text="Stable id used in schedules, e.g. relapse_prevention.")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    min_size = models.PositiveSmallIntegerField(default=3)
    max_size = models.PositiveSmallIntegerField(default=12)
    qualification = models.CharField(
        max_length=40, default="group", help_text="Qualification the facilitator must hold."
    )
    required_per_week = models.PositiveSmallIntegerField(
        "required each week",
        default=0,
        help_text="How many of these groups every client needs each week (e.g. 1 relapse "
        "prevention group). 0 means optional.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="group_type_code_unique"),
            models.CheckConstraint(
                condition=models.Q(min_size__lte=models.F("max_size")),
                name="group_type_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One scheduled service: a group, an individual or a family session."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        TELEHEALTH = "telehealth", "Telehealth"

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(max_length=12, choices=SessionKind.choices)
    group_type = models.ForeignKey(
        GroupType, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sessions"
    )
    track = models.ForeignKey(
        "core.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    telehealth_url = models.URLField(blank=True)
    pinned = models.BooleanField(
        default=False, help_text="Kept as is when the week is re-planned (edited by hand)."
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")
    created_at = models.DateTimeField(default=timezone.now)
    cancel_reason = models.CharField(max_length=200, blank=True)
    plan = models.ForeignKey(
        "scheduling.SchedulePlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text="The approved weekly plan that created this session (none when added by hand).",
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["program", "starts_at"]),
            models.Index(fields=["facilitator", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {timezone.localtime(self.starts_at):%a %b %-d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        if self.group_type_id:
            return self.group_type.name
        return self.get_kind_display()

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A session must end after it starts."})
        if self.kind == SessionKind.GROUP and not self.group_type_id:
            raise ValidationError({"group_type": "Pick the kind of group."})


class SessionParticipant(models.Model):
    """A client booked into a session (the roster)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="session_bookings"
    )
    drop_in = models.BooleanField(default=False, help_text="Added on the day, not scheduled.")
    cancelled = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="participant_unique")
        ]
        indexes = [models.Index(fields=["client", "session"])]

    def __str__(self) -> str:
        return f"{self.client} in {self.session}"
