"""The FHIR API's own configuration: registered system clients and bulk-export jobs.

Neither holds client data (a job's NDJSON files are on disk, under the export directory)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cairn.consents.vocabulary import Purpose, RecipientKind


class SystemClient(models.Model):
    """An OAuth2 client-credentials client (django-oauth-toolkit ``Application``) bound to one
    program, with the SMART v2 system scopes it may ask for, and the recipient and purpose a
    Part 2 consent must cover before any client's records reach it (42 CFR 2.31, 2.33)."""

    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="cairn_client"
    )
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150, help_text="Who the recipient is, in words.")
    scopes = models.TextField(help_text="SMART v2 scopes, space separated: system/Patient.rs …")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class ExportJob(models.Model):
    """One bulk-data export ($export): kicked off by a system client (or the offline command),
    run in the background, its NDJSON files written under ``CAIRN_FHIR_EXPORT_DIR``."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    system_client = models.ForeignKey(
        SystemClient, null=True, blank=True, on_delete=models.PROTECT, related_name="exports"
    )
    group = models.ForeignKey(
        "core.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    types = models.JSONField(default=list, blank=True)
    since = models.DateTimeField(
        null=True, blank=True, help_text="_since: only what changed at or after this time."
    )
    request_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    output = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.status})"
