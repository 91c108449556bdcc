"""Users (staff and portal), their roles per program, credentials and break-the-glass grants."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from cairn.accounts.roles import Role


class User(AbstractUser):
    """Anyone who signs in. Staff, clients and family members are separate kinds of user:
    a portal user can only ever reach their own records (DESIGN.md roles table)."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff"
        CLIENT = "client", "Client (portal)"
        FAMILY = "family", "Family or support person (portal)"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STAFF)
    phone = models.CharField(max_length=40, blank=True)
    credentials_suffix = models.CharField(
        "credentials after the name", max_length=60, blank=True, help_text="e.g. LCSW, CADC-II"
    )
    prelicensed = models.BooleanField(
        "pre-licensed", default=False, help_text="Notes need a supervisor's co-signature."
    )
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisees",
        limit_choices_to={"kind": "staff"},
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_users",
        help_text="For a client's portal login: the client record it belongs to.",
    )
    demo_account = models.BooleanField(
        default=False,
        editable=False,
        help_text="Made by seed_demo; exempt from MFA only while DEBUG is on.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}, {self.credentials_suffix}" if self.credentials_suffix else name

    @property
    def is_staff_user(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def is_portal_user(self) -> bool:
        return self.kind in (self.Kind.CLIENT, self.Kind.FAMILY)

    def clean(self) -> None:
        if self.prelicensed and not self.supervisor_id:
            raise ValidationError({"supervisor": "A pre-licensed clinician needs a supervisor."})
        if self.supervisor_id and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": "Nobody supervises themselves."})

    @cached_property
    def staff_roles(self) -> list["StaffRole"]:
        """This user's roles, loaded once per request (one query)."""
        return list(self.role_assignments.select_related("program"))

    def roles_in(self, program_id: int) -> frozenset[str]:
        return frozenset(r.role for r in self.staff_roles if r.program_id == program_id)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.staff_roles)

    @property
    def program_ids(self) -> list[int]:
        return sorted({r.program_id for r in self.staff_roles})

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


class StaffRole(models.Model):
    """A role a staff user holds in one program. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program", "role"], name="staff_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.program}"


class Credential(models.Model):
    """A professional licence or certification (DESIGN.md: credentials are recorded)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="credentials")
    license_type = models.CharField(
        "licence type", max_length=40, help_text="e.g. LCSW, LPC, LMFT, CADC, MD, NP, RN"
    )
    number = models.CharField("licence number", max_length=60)
    state = models.CharField(max_length=2, help_text="Two-letter state code, e.g. NY")
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField()

    class Meta:
        ordering = ["expires_on"]

    def __str__(self) -> str:
        return f"{self.license_type} {self.state} #{self.number}"

    def is_expired(self, today: date | None = None) -> bool:
        return self.expires_on < (today or timezone.localdate())

    def expires_soon(self, today: date | None = None, days: int = 60) -> bool:
        today = today or timezone.localdate()
        return not self.is_expired(today) and (self.expires_on - today).days <= days

    def clean(self) -> None:
        if self.state and (len(self.state) != 2 or not self.state.isalpha()):
            raise ValidationError({"state": "Use the two-letter state code, e.g. NY."})
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "A licence expires after it was issued."})


class BreakGlassGrant(models.Model):
    """Emergency access to a chart outside the user's care team (DESIGN.md, DOMAIN.md security
    baseline). Time-limited, audited, and reported to the program director."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_grants")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "client", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → client {self.client_id} at {self.granted_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
