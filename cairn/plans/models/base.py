"""What both plans share: a version's lifecycle and signatures, and the guard that makes a signed
version immutable (DESIGN.md principle 2).

Lifecycle: draft → signed by the clinician (password re-entered) → signed by the client (in
person on screen, or in the portal) → active; a later active version supersedes it.

Immutability, in the model layer here and in the database on PostgreSQL (migration 0002): once
the clinician has signed, a version's content never changes and it is never deleted. The only
later writes are the client's signature (once) and the lifecycle columns. Content rows
(problems, goals, objectives, interventions, review ratings) of a signed version can't be
added, changed or removed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PlanRefused(Exception):
    """An operation on a plan was refused; ``message`` says why in plain words and ``field``
    names the form field it concerns, if any. Nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PlanLocked(PlanRefused):
    """A change to a signed plan version was refused."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "This version is signed and can't be changed. Start a new version to revise it."
        )


class EditConflict(PlanRefused):
    """Someone else changed the draft since this form was opened (optimistic locking)."""

    def __init__(self):
        super().__init__(
            "Someone else changed this draft while you were editing. Your change was not "
            "saved: look at the current draft and make it again."
        )


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_CLIENT = "awaiting_client", "Waiting for the client's signature"
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Replaced by a later version"


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.AWAITING_CLIENT)


class SignatureMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person, on screen"
    PORTAL = "portal", "In the client portal"


#: Columns a clinician-signed version still accepts (the PostgreSQL trigger has the same lists).
MUTABLE_AFTER_SIGNING = frozenset({"status", "activated_at", "superseded_at"})
#: Written once, when the client signs.
CLIENT_SIGNATURE_COLUMNS = frozenset(
    {
        "client_signed_at",
        "client_signature_name",
        "client_signature_method",
        "client_signature_witness_id",
        "client_signature_user_id",
    }
)


def _allowed_columns(client_signed: bool) -> frozenset[str]:
    if client_signed:
        return MUTABLE_AFTER_SIGNING
    return MUTABLE_AFTER_SIGNING | CLIENT_SIGNATURE_COLUMNS


def _column(name: str, model) -> str:
    return model._meta.get_field(name).attname


class VersionQuerySet(models.QuerySet):
    """Refuses bulk writes that would change a signed version."""

    def _check(self, columns) -> None:
        locked = self.filter(clinician_signed_at__isnull=False)
        if not locked.exists():
            return
        columns = {_column(name, self.model) for name in columns}
        if columns - _allowed_columns(client_signed=False):
            raise PlanLocked()
        if (
            columns & CLIENT_SIGNATURE_COLUMNS
            and locked.filter(client_signed_at__isnull=False).exists()
        ):
            raise PlanLocked("The client has already signed this version.")

    def update(self, **kwargs):
        self._check(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self.filter(pk__in=[obj.pk for obj in objs])._check(fields)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self.filter(clinician_signed_at__isnull=False).exists():
            raise PlanLocked("Signed plan versions are never deleted.")
        return super().delete()


class SignedVersion(models.Model):
    """One version of a plan. Abstract: the treatment plan and the relapse-prevention plan each
    have their own table with their own content."""

    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    plan_date = models.DateField(
        default=timezone.localdate, help_text="The date the plan (or its review) was written."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(
        default=1, help_text="Optimistic locking of the draft: bumped by every edit."
    )
    clinician_signed_at = models.DateTimeField(null=True, blank=True)
    clinician_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the content as the clinician signed it."
    )
    client_signed_at = models.DateTimeField(null=True, blank=True)
    client_signature_name = models.CharField("name typed by the client", max_length=200, blank=True)
    client_signature_method = models.CharField(
        max_length=10, choices=SignatureMethod.choices, blank=True
    )
    client_signature_witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member present when the client signed in person.",
    )
    client_signature_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The portal login that signed.",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values().first()
            if stored and stored["clinician_signed_at"] is not None:
                changed = {
                    field.attname
                    for field in self._meta.concrete_fields
                    if getattr(self, field.attname) != stored[field.attname]
                }
                allowed = _allowed_columns(stored["client_signed_at"] is not None)
                if changed - allowed:
                    raise PlanLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self)._base_manager.filter(pk=self.pk, clinician_signed_at__isnull=False).exists():
            raise PlanLocked("Signed plan versions are never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.clinician_signed_at is not None

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


# ---------------------------------------------------------------------------------------------
# Content rows of a version (the treatment plan's problems, goals, objectives…)


def _version_model(model):
    return model._meta.get_field("version").related_model


def _any_locked(model, version_ids) -> bool:
    ids = {pk for pk in version_ids if pk is not None}
    return bool(ids) and (
        _version_model(model)
        ._base_manager.filter(pk__in=ids, clinician_signed_at__isnull=False)
        .exists()
    )


class ContentQuerySet(models.QuerySet):
    """Refuses bulk writes to the content of a signed version."""

    def _locked(self) -> bool:
        return _any_locked(self.model, self.values_list("version_id", flat=True).distinct())

    def update(self, **kwargs):
        target = kwargs.get("version_id", getattr(kwargs.get("version"), "pk", None))
        if self._locked() or _any_locked(self.model, [target]):
            raise PlanLocked()
        return super().update(**kwargs)

    def delete(self):
        if self._locked():
            raise PlanLocked()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        stored = self.filter(pk__in=[obj.pk for obj in objs])
        if stored._locked() or _any_locked(self.model, [obj.version_id for obj in objs]):
            raise PlanLocked()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if _any_locked(self.model, [obj.version_id for obj in objs]):
            raise PlanLocked()
        return super().bulk_create(objs, *args, **kwargs)


class VersionContent(models.Model):
    """A row of a version's content. Subclasses declare ``version`` (a foreign key to their
    version model, column ``version_id``, which the database trigger reads)."""

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        version_ids = [self.version_id]
        if self.pk is not None and not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk)
            version_ids.append(stored.values_list("version_id", flat=True).first())
        if _any_locked(type(self), version_ids):
            raise PlanLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _any_locked(type(self), [self.version_id]):
            raise PlanLocked()
        return super().delete(*args, **kwargs)


class Keyed(models.Model):
    """``key`` follows an item from version to version (a new version copies it), so notes
    linked to an objective in version 2 still show under that objective in version 3."""

    key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
