"""Bulk data export (FHIR Bulk Data Access, ``$export``): one NDJSON file per resource type,
written in the background (django-tasks) or offline (``manage.py fhir_export``).

``export(program, types=None, out_dir=…)`` is the plain function behind both: it reads through
the door as the program's system principal, applies a system client's Part 2 consents when one
asked, and returns counts and seconds (the benchmark reports resources per second)."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cairn.accounts import access
from cairn.core.models import Track
from cairn.fhir import mapping, search
from cairn.fhir.consent_filter import ConsentFilter
from cairn.fhir.models import ExportJob
from cairn.fhir.resources import TYPES

#: Types an export may contain; the default leaves out the audit trail (ask with _type).
EXPORTABLE = sorted(TYPES)
DEFAULT_TYPES = [t for t in EXPORTABLE if t != "AuditEvent"]
BATCH = 2000
FILE_NAME = re.compile(r"^[A-Za-z]+\.ndjson$")


def _members(principal, track, consent) -> set[int]:
    """The group's patients: active episodes on the track, through the door."""
    rows = search.render(TYPES["Group"].sources[0], principal, [track], consent)
    return {int(m["entity"]["reference"].split("/")[1]) for m in rows[0].get("member", [])}


def export(
    program,
    types=None,
    out_dir=None,
    *,
    system_client=None,
    group=None,
    since=None,
    job: ExportJob | None = None,
) -> dict:
    """Write ``<Type>.ndjson`` files under ``out_dir``; returns ``{"counts": {type: n},
    "resources": total, "seconds": s, "files": [...]}``."""
    started = time.perf_counter()
    out = Path(out_dir or settings.CAIRN_FHIR_EXPORT_DIR / f"program-{program.pk}")
    out.mkdir(parents=True, exist_ok=True)
    principal = access.SystemPrincipal(
        program.pk, system_client.name if system_client else "export"
    )
    consent = ConsentFilter(principal, system_client) if system_client else None
    members = _members(principal, group, consent) if group is not None else None
    chosen = [t for t in (types or DEFAULT_TYPES) if t in TYPES]
    counts: dict[str, int] = {}
    files = []
    for number, name in enumerate(chosen, 1):
        if job is not None:
            job.progress = f"{name} ({number} of {len(chosen)})"
            job.save(update_fields=["progress"])
        path = out / f"{name}.ndjson"
        count = 0
        with path.open("w", encoding="utf-8") as handle:
            for source in TYPES[name].sources:
                qs = search.filtered(source, principal, search.Query(), consent)
                if group is not None:
                    if name == "Group":
                        qs = qs.filter(pk=group.pk)
                    elif source.client_field:
                        qs = qs.filter(**{f"{source.client_field}__in": members})
                if since is not None and source.changed:
                    changed = Q()
                    for field_name in source.changed:
                        changed |= Q(**{f"{field_name}__gte": since})
                    qs = qs.filter(changed)
                count += _write(source, principal, qs, handle, consent)
        counts[name] = count
        files.append({"type": name, "file": path.name, "count": count})
    return {
        "counts": counts,
        "resources": sum(counts.values()),
        "seconds": round(time.perf_counter() - started, 3),
        "files": files,
        "out_dir": str(out),
    }


def _write(source, principal, qs, handle, consent) -> int:
    count, last = 0, 0
    qs = qs.select_related(*source.related).order_by("pk")
    while True:
        rows = list(qs.filter(pk__gt=last)[:BATCH])
        if not rows:
            return count
        for resource in search.render(source, principal, rows, consent):
            handle.write(json.dumps(resource, separators=(",", ":")))
            handle.write("\n")
        count += len(rows)
        last = rows[-1].pk


# --- Jobs (the $export endpoints) ---------------------------------------------------------------


def kick_off(system_client, types, *, group=None, since=None, url="") -> ExportJob:
    from cairn.fhir.tasks import run_export

    job = ExportJob.objects.create(
        program_id=system_client.program_id,
        system_client=system_client,
        group=group,
        types=types or [],
        since=since,
        request_url=url[:500],
    )
    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def run(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("program", "system_client", "group").get(pk=job_id)
    if job.status != ExportJob.Status.QUEUED:
        return job
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        stats = export(
            job.program,
            job.types or None,
            job_dir(job),
            system_client=job.system_client,
            group=job.group,
            since=job.since,
            job=job,
        )
    except Exception as error:  # recorded on the job; the status endpoint reports it
        job.status, job.error = ExportJob.Status.FAILED, str(error)[:500]
    else:
        job.status, job.output = ExportJob.Status.DONE, stats["files"]
        job.progress = f"{stats['resources']} resources in {stats['seconds']} s"
    job.finished_at = timezone.now()
    job.save()
    return job


def job_dir(job: ExportJob) -> Path:
    return Path(settings.CAIRN_FHIR_EXPORT_DIR) / f"job-{job.pk}"


def job_for(system_client, job_id) -> ExportJob | None:
    try:
        pk = int(job_id)
    except (TypeError, ValueError):
        return None
    return ExportJob.objects.filter(pk=pk, system_client=system_client).first()


def group_for(principal, group_id):
    try:
        pk = int(group_id)
    except (TypeError, ValueError):
        return None
    return Track.objects.filter(pk=pk, program_id=principal.program_id).first()


def file_path(job: ExportJob, name: str) -> Path | None:
    if job.status != ExportJob.Status.DONE or not FILE_NAME.match(name):
        return None
    if name not in {item["file"] for item in job.output}:
        return None
    path = job_dir(job) / name
    return path if path.exists() else None


def cancel(job: ExportJob) -> None:
    shutil.rmtree(job_dir(job), ignore_errors=True)
    job.status, job.error = ExportJob.Status.FAILED, "cancelled by the client"
    job.finished_at = timezone.now()
    job.save()


__all__ = ["EXPORTABLE", "export", "mapping"]
