"""The append-only audit trail (DOMAIN.md security baseline: audit controls that are on by
default, cannot be changed, and show any alteration).

Events hold ids and labels only — this app imports no clinical model (DESIGN.md, imports).
Rows can't be updated or deleted through the application (this model and its queryset refuse);
on PostgreSQL a trigger refuses UPDATE and DELETE too (migration 0002). Each event carries a
SHA-256 hash over its contents and the previous event's hash, so ``manage.py audit_verify``
finds any alteration, removal or insertion.
"""

import hashlib
import json
from datetime import UTC

from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64


class AuditImmutableError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")

    def delete(self):
        raise AuditImmutableError("Audit events cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")


class AuditEvent(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", "Allowed"
        DENIED = "denied", "Denied"
        FAILED = "failed", "Failed"

    class ActorKind(models.TextChoices):
        STAFF = "staff", "Staff"
        CLIENT = "client", "Client"
        FAMILY = "family", "Family member"
        API = "api", "API client"
        SYSTEM = "system", "System"
        ANONYMOUS = "anonymous", "Not signed in"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=150, blank=True)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    program_id = models.BigIntegerField(null=True, blank=True)
    client_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.OK)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["program_id", "at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AuditImmutableError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be deleted.")

    def canonical(self) -> str:
        """The exact text the hash covers: every field but the id and the hash itself."""
        at = self.at.astimezone(UTC) if self.at.tzinfo else self.at
        return json.dumps(
            [
                at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                self.actor_id,
                self.actor_label,
                self.actor_kind,
                self.program_id,
                self.client_id,
                self.action,
                self.object_type,
                self.object_id,
                self.outcome,
                self.ip_address,
                self.user_agent,
                self.detail,
                self.prev_hash,
            ],
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=True,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()
