"""Part 2 consents, the disclosures made under them (or in a medical emergency), and exports of
a client's whole record (42 CFR 2.31, 2.32, 2.25, 2.51; ../shared/DOMAIN.md).

Nothing here is deleted or silently changed (DESIGN.md principle 2): a signed consent's content
is frozen — only its revocation is recorded later; an unsigned one that will not be signed is
voided; a disclosure is append-only apart from the director's review of an emergency one.
FHIR: Consent → Consent, Disclosure → AuditEvent (and the accounting of disclosures).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from cairn.consents.vocabulary import (
    CATEGORIES,
    COUNSELING_NOTES,
    ExpiryEvent,
    Purpose,
    RecipientKind,
    RevocationHow,
    SignatureMethod,
    SignerKind,
    labels,
)


class FrozenRecordError(Exception):
    """Raised on an attempt to change a signed consent's content or a disclosure, or to delete
    either."""


class FrozenQuerySet(models.QuerySet):
    """Bulk writes go through the same rule as ``save``: refused for frozen rows."""

    def update(self, **kwargs):
        frozen = set(kwargs) - self.model.MUTABLE_FIELDS
        if frozen and self.filter(self.model.frozen_q()).exists():
            raise FrozenRecordError(f"{self.model._meta.verbose_name} rows cannot be changed.")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        if set(fields) - self.model.MUTABLE_FIELDS:
            pks = [o.pk for o in objs]
            if self.model._base_manager.filter(self.model.frozen_q(), pk__in=pks).exists():
                raise FrozenRecordError(f"{self.model._meta.verbose_name} rows cannot be changed.")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        raise FrozenRecordError(f"{self.model._meta.verbose_name} rows are never deleted.")


class FrozenModel(models.Model):
    """A row that, once ``frozen_q`` holds for it, accepts changes to ``MUTABLE_FIELDS`` only."""

    MUTABLE_FIELDS: frozenset[str] = frozenset()

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self._refuse_frozen_changes(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenRecordError(f"A {self._meta.verbose_name} is never deleted.")

    @classmethod
    def frozen_q(cls) -> Q:
        return Q()

    def _refuse_frozen_changes(self, update_fields) -> None:
        fields = [f for f in self._meta.concrete_fields if f.name not in self.MUTABLE_FIELDS]
        fields = [f for f in fields if f.name != "id"]
        if update_fields is not None:
            fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
        if not fields:
            return
        stored = (
            type(self)
            ._base_manager.filter(self.frozen_q(), pk=self.pk)
            .values(*[f.attname for f in fields])
            .first()
        )
        if stored and any(stored[f.attname] != getattr(self, f.attname) for f in fields):
            raise FrozenRecordError(f"This {self._meta.verbose_name} cannot be changed.")


class Consent(FrozenModel):
    """A client's written consent to disclose records (42 CFR 2.31): who may disclose, to whom,
    what, why, until when, how to revoke, and the signature with its date.

    Prepared by staff, then signed (by the client on screen or in the portal, on paper, or by an
    authorized representative with their authority). Signed content is frozen; revocation is
    recorded later and takes effect at once. ``elements.missing_elements`` says which required
    element a consent lacks; ``rules.py`` says whether it covers a disclosure on a day.
    """

    MUTABLE_FIELDS = frozenset(
        {
            "revoked_on",
            "revoked_how",
            "revocation_note",
            "revocation_recorded_at",
            "revocation_recorded_by",
            "revocation_recorded_by_id",
        }
    )

    class Status(models.TextChoices):
        AWAITING_SIGNATURE = "awaiting_signature", "Waiting for signature"
        ACTIVE = "active", "In effect"
        NOT_YET = "not_yet", "Not yet in effect"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"
        VOIDED = "voided", "Voided (never signed)"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="part2_consents"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "clients.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The episode of care an 'end of treatment' expiry refers to.",
    )
    preset = models.CharField("template", max_length=40, blank=True)
    discloser = models.CharField(
        "who may disclose", max_length=300, help_text="The program that keeps the records."
    )
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient_name = models.CharField(
        "recipient",
        max_length=300,
        blank=True,
        help_text="A person or an organization, e.g. “Maria Castillo (mother)”.",
    )
    recipient_organization = models.CharField(max_length=200, blank=True)
    contact = models.ForeignKey(
        "clients.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="part2_consents",
        verbose_name="the recipient on the client's contact list",
        help_text="Optional: links the consent to exactly this person; the consent still names "
        "the recipient in words.",
    )
    recipient_contact = models.CharField(
        "recipient's address, phone or e-mail", max_length=300, blank=True
    )
    is_tpo = models.BooleanField(
        "single consent for treatment, payment and health care operations", default=False
    )
    categories = models.JSONField(default=list, help_text="Kinds of information (vocabulary).")
    information_detail = models.CharField(
        "more about the information",
        max_length=500,
        blank=True,
        help_text="Anything that narrows it, e.g. “attendance only, no clinical details”.",
    )
    records_from = models.DateField("records from", null=True, blank=True)
    records_to = models.DateField("records up to", null=True, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    purpose_detail = models.CharField("purpose, in the client's words", max_length=300, blank=True)
    expires_on = models.DateField("expires on", null=True, blank=True)
    expiry_event = models.CharField(
        "or expires at", max_length=20, choices=ExpiryEvent.choices, blank=True
    )
    expiry_event_detail = models.CharField("the event", max_length=200, blank=True)
    revocation_statement = models.TextField("the right to revoke, and how")

    signer_kind = models.CharField(max_length=16, choices=SignerKind.choices, blank=True)
    signer_name = models.CharField("signed by", max_length=200, blank=True)
    representative_authority = models.CharField(
        "the representative's authority",
        max_length=200,
        blank=True,
        help_text="e.g. parent of a minor, court-appointed guardian, health care agent.",
    )
    signature_attested = models.BooleanField(default=False)
    signature_method = models.CharField(max_length=12, choices=SignatureMethod.choices, blank=True)
    signed_on = models.DateField("date signed", null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signature_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)

    revoked_on = models.DateField("date of the written revocation", null=True, blank=True)
    revoked_how = models.CharField(
        "how it was received", max_length=12, choices=RevocationHow.choices, blank=True
    )
    revocation_note = models.CharField(max_length=300, blank=True)
    revocation_recorded_at = models.DateTimeField(null=True, blank=True)
    revocation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]
        indexes = [models.Index(fields=["client", "signed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(expires_on__gte=F("signed_on")),
                name="consent_expires_after_signature",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | (~Q(signer_name="") & Q(signature_attested=True) & ~Q(signer_kind="")),
                name="consent_signature_complete",
            ),
            models.CheckConstraint(
                condition=~Q(signer_kind="representative") | ~Q(representative_authority=""),
                name="consent_representative_has_authority",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True)
                | (Q(signed_on__isnull=False) & Q(revoked_on__gte=F("signed_on"))),
                name="consent_revoked_after_signature",
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | Q(signed_on__isnull=True),
                name="consent_void_only_unsigned",
            ),
            models.CheckConstraint(
                condition=Q(records_from__isnull=True)
                | Q(records_to__isnull=True)
                | Q(records_to__gte=F("records_from")),
                name="consent_records_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent to disclose to {self.recipient_label}"

    @classmethod
    def frozen_q(cls) -> Q:
        return Q(signed_on__isnull=False) | Q(voided_at__isnull=False)

    # Facts for pages and rules --------------------------------------------------------------

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    @property
    def is_counseling_notes(self) -> bool:
        return COUNSELING_NOTES in (self.categories or [])

    @property
    def recipient_label(self) -> str:
        if self.recipient_organization and self.recipient_organization not in self.recipient_name:
            return f"{self.recipient_name}, {self.recipient_organization}"
        return self.recipient_name or "—"

    @property
    def category_labels(self) -> list[str]:
        return labels(self.categories or [])

    @property
    def category_descriptions(self) -> list[str]:
        from cairn.consents.vocabulary import ordered

        return [CATEGORIES[k].description for k in ordered(self.categories or [])]

    @property
    def purpose_label(self) -> str:
        label = self.get_purpose_display() if self.purpose else ""
        if self.purpose_detail:
            return f"{label}: {self.purpose_detail}" if label else self.purpose_detail
        return label

    @property
    def expiry_label(self) -> str:
        if self.expires_on:
            return f"{self.expires_on:%B %-d, %Y}"
        if self.expiry_event == ExpiryEvent.OTHER:
            return self.expiry_event_detail
        if self.expiry_event == ExpiryEvent.END_OF_TREATMENT:
            return "the end of my treatment (discharge from this episode of care)"
        if self.expiry_event == ExpiryEvent.NO_EXPIRY:
            return "none: it stays in effect until I revoke it"
        return ""

    @property
    def expiry_short(self) -> str:
        """The expiry in staff words, for lists."""
        if self.expires_on:
            return f"{self.expires_on:%b %-d, %Y}"
        if self.expiry_event == ExpiryEvent.END_OF_TREATMENT:
            return "End of treatment"
        if self.expiry_event == ExpiryEvent.NO_EXPIRY:
            return "None (until revoked)"
        return self.expiry_event_detail.capitalize() or "—"

    @property
    def period_label(self) -> str:
        from cairn.consents.categories import Period

        return Period(self.records_from, self.records_to).label

    def expired_on(self, on: date) -> bool:
        if self.expires_on and on > self.expires_on:
            return True
        if self.expiry_event == ExpiryEvent.END_OF_TREATMENT and self.episode_id:
            ended = self.episode.discharged_on
            return ended is not None and on > ended
        return False

    def status_on(self, on: date | None = None) -> str:
        on = on or timezone.localdate()
        if self.voided_at:
            return self.Status.VOIDED
        if not self.is_signed:
            return self.Status.AWAITING_SIGNATURE
        if self.revoked_on and on >= self.revoked_on:
            return self.Status.REVOKED
        if self.expired_on(on):
            return self.Status.EXPIRED
        if self.signed_on > on:
            return self.Status.NOT_YET
        return self.Status.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


class Disclosure(FrozenModel):
    """One release of records outside the program: under a consent (with the §2.32 notice and
    a copy of the consent) or in a medical emergency (42 CFR 2.51, flagged for the director's
    review). The package as released is kept, so what left is known exactly."""

    MUTABLE_FIELDS = frozenset({"reviewed_by", "reviewed_by_id", "reviewed_at", "review_note"})

    class Kind(models.TextChoices):
        CONSENT = "consent", "With the client's consent"
        EMERGENCY = "emergency", "Medical emergency"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="part2_disclosures"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference = models.CharField(
        max_length=24, unique=True, help_text="Printed on every page of the package."
    )
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient_name = models.CharField(max_length=300)
    recipient_organization = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    purpose_detail = models.CharField(max_length=300, blank=True)
    categories = models.JSONField(default=list)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    description = models.TextField(help_text="What was disclosed (the accounting shows it).")
    manifest = models.JSONField(
        default=dict, help_text="Category → references of every record included."
    )
    emergency_reason = models.TextField("the nature of the emergency", blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(default=timezone.now)
    package_pdf = models.BinaryField(editable=False)
    package_sha256 = models.CharField(max_length=64)
    package_pages = models.PositiveIntegerField(default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-released_at", "-id"]
        indexes = [
            models.Index(fields=["client", "released_at"]),
            models.Index(fields=["program", "kind", "reviewed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="consent") & Q(consent__isnull=False))
                | (Q(kind="emergency") & Q(consent__isnull=True) & ~Q(emergency_reason="")),
                name="disclosure_consent_or_emergency_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_name} on {self.released_at:%Y-%m-%d}"

    @classmethod
    def frozen_q(cls) -> Q:
        return Q(pk__isnull=False)

    @property
    def is_emergency(self) -> bool:
        return self.kind == self.Kind.EMERGENCY

    @property
    def awaiting_review(self) -> bool:
        return self.is_emergency and self.reviewed_at is None

    @property
    def recipient_label(self) -> str:
        if self.recipient_organization and self.recipient_organization not in self.recipient_name:
            return f"{self.recipient_name}, {self.recipient_organization}"
        return self.recipient_name

    @property
    def category_labels(self) -> list[str]:
        return labels(self.categories or [])

    @property
    def purpose_label(self) -> str:
        label = self.get_purpose_display()
        return f"{label}: {self.purpose_detail}" if self.purpose_detail else label

    @property
    def period_label(self) -> str:
        from cairn.consents.categories import Period

        return Period(self.period_from, self.period_to).label

    @property
    def filename(self) -> str:
        return f"disclosure-{self.reference}.pdf"


class RecordExport(models.Model):
    """One export of a client's whole record (ONC EHI export; the client's right of access)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="record_exports"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)
    format = models.CharField(max_length=40)
    files = models.JSONField(default=list)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-exported_at", "-id"]

    def __str__(self) -> str:
        return f"Record export {self.pk} of client {self.client_id}"
