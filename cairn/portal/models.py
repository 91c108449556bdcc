"""The portal's records: invitations to it, daily check-ins, suggested edits to the
relapse-prevention plan, family logins, and each program's check-in alert rules (issue 11)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Invitation(models.Model):
    """A single-use invitation to the portal, valid 72 hours (issue 11.1). Only the SHA-256 of
    the code is stored; the code itself is shown once to staff (and put in the email link)."""

    class Kind(models.TextChoices):
        CLIENT = "client", "Client"
        FAMILY = "family", "Family or support person"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="portal_invitations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLIENT)
    contact = models.ForeignKey(
        "clients.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_invitations",
        help_text="For a family invitation: the person on the client's contact list.",
    )
    code_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True, help_text="Where the link was sent, if it was.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_invitations_used",
        help_text="The portal login made with it.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Portal invitation ({self.kind}) for client {self.client_id}"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.used_at:
            return "used"
        if self.withdrawn_at:
            return "withdrawn"
        if self.expires_at <= now:
            return "expired"
        return "open"


class CheckIn(models.Model):
    """One day's check-in by the client (issue 11.3): under a minute on a phone. One per
    client per day (the program's local date); never edited by staff."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="portal_checkins"
    )
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    mood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="1 (worst) to 10."
    )
    craving = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)], help_text="0 (none) to 10."
    )
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    used_substance = models.BooleanField()
    substances = models.CharField(max_length=200, blank=True)
    triggers = models.JSONField(default=list, blank=True, help_text="From the client's RP plan.")
    trigger_other = models.CharField(max_length=300, blank=True)
    coping = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["client", "day"], name="portal_checkin_one_a_day"),
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=10), name="portal_checkin_mood_range"
            ),
            models.CheckConstraint(
                condition=models.Q(craving__gte=0, craving__lte=10),
                name="portal_checkin_craving_range",
            ),
            models.CheckConstraint(
                condition=models.Q(sleep_hours__gte=0, sleep_hours__lte=24),
                name="portal_checkin_sleep_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.day} (client {self.client_id})"

    @property
    def all_triggers(self) -> list[str]:
        return [*self.triggers, *([self.trigger_other] if self.trigger_other else [])]


class CheckInRules(models.Model):
    """A program's check-in alert rules (issue 11.3); a program without a row uses the
    defaults below. Thresholds are clinical defaults a program may change (DESIGN.md
    principle 3), not rules from a standard."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="checkin_rules"
    )
    alert_on_use = models.BooleanField("alert when use is reported", default=True)
    craving_threshold = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    craving_days = models.PositiveSmallIntegerField(
        "days in a row at or above the threshold", default=2, validators=[MinValueValidator(1)]
    )
    silence_days = models.PositiveSmallIntegerField(
        "days without a check-in before an alert", default=3, validators=[MinValueValidator(1)]
    )

    def __str__(self) -> str:
        return f"Check-in rules — {self.program}"


class PlanSuggestion(models.Model):
    """An edit the client suggests to their relapse-prevention plan (issue 11.6). The clinician
    accepts it into the plan's next draft version, or declines it with a word to the client."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the clinician"
        ACCEPTED = "accepted", "Accepted into a new version"
        DECLINED = "declined", "Declined"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="portal_plan_suggestions"
    )
    version = models.ForeignKey(
        "plans.RelapsePreventionVersion",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version the client was reading.",
    )
    section = models.CharField(max_length=30)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.CharField(max_length=300, blank=True)
    accepted_into = models.ForeignKey(
        "plans.RelapsePreventionVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Suggestion for {self.section} (client {self.client_id})"


class FamilyLink(models.Model):
    """A family member's or support person's portal login and whom it is for (issue 11.7).
    The login works only while a consent allowing it is on file (checked on every page)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_link"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="portal_family_links"
    )
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="portal_family_links"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Family login {self.user_id} for client {self.client_id}"
