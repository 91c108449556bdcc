"""Safety alerts from assessments and the clinician's documented response (issue 8, point 5).

DOMAIN.md: PHQ-9 item 9 (thoughts of self-harm) > 0 raises a safety alert whatever the total;
any high C-SSRS result raises an immediate safety alert. The alert is urgent, shows on the chart
until a clinician documents the response (the safety assessment done, the plan, who was told),
and each responder gets an urgent task: the client's primary clinician and the program's
on-call clinician (``AssessmentSettings.on_call_clinician``). When the program has neither, the
program's directors get the task, so an alert always has an owner.

The on-call clinician is usually not on the client's care team; the task tells them to open
the chart with emergency access (break-the-glass), which is audited and reviewed — the access
rules are not widened for them.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cairn.accounts.models import StaffRole, User
from cairn.accounts.roles import Role
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration, AssessmentSettings, SafetyResponse
from cairn.audit.log import record
from cairn.clients.models import CareTeamMember
from cairn.worklist.models import Alert, Priority, Task
from cairn.worklist.operations import complete_task, raise_alert, raise_task, resolve_alert

KIND = "safety"
_SOURCE_PREFIX = "assessments.administration:"


def source_for(administration: Administration) -> str:
    return f"{_SOURCE_PREFIX}{administration.pk}"


def administration_for(alert: Alert) -> Administration | None:
    """The administration that raised ``alert``, if an assessment raised it."""
    if not alert.source.startswith(_SOURCE_PREFIX):
        return None
    pk = alert.source.removeprefix(_SOURCE_PREFIX)
    return Administration.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def alert_message(administration: Administration) -> str:
    """What the chart header says, in plain words."""
    instrument = get_instrument(administration.instrument)
    when = date_format(timezone.localtime(administration.administered_at), "M j")
    parts = []
    for critical in instrument.critical_items:
        if critical.flag in administration.flags:
            item = instrument.item(critical.link_id)
            value = administration.answers.get(critical.link_id)
            answer = next((o.display for o in item.options if o.score == value), value)
            parts.append(f"question {critical.link_id} (“{item.text}”) answered “{answer}”")
    for critical in instrument.critical_bands:
        if critical.flag in administration.flags:
            parts.append(f"{critical.band} risk")
    found = "; ".join(parts) or "a safety flag"
    message = (
        f"{instrument.short_name} on {when}: {found}. "
        "Document the safety assessment, plan and who was told."
    )
    return message[:300]


def responders(administration: Administration) -> list[User]:
    """Primary clinician and on-call clinician; the directors when there is neither."""
    episode = administration.episode
    primary = episode.primary_clinician if episode else None
    if primary is None:
        member = (
            CareTeamMember.objects.filter(
                client_id=administration.client_id, active=True, role="primary"
            )
            .select_related("user")
            .first()
        )
        primary = member.user if member else None
    settings = (
        AssessmentSettings.objects.filter(program_id=administration.program_id)
        .select_related("on_call_clinician")
        .first()
    )
    on_call = settings.on_call_clinician if settings else None
    people = [primary] if primary else []
    if on_call and on_call.is_active and on_call not in people:
        people.append(on_call)
    if not people:
        directors = StaffRole.objects.filter(
            program_id=administration.program_id, role=Role.DIRECTOR
        ).values("user_id")
        people = list(User.objects.filter(pk__in=directors, is_active=True).order_by("pk"))
    return people


def raise_safety_alert(administration: Administration) -> Alert:
    """The urgent alert on the chart and an urgent task for each responder (idempotent: one
    alert per administration, one task per responder)."""
    client = administration.client
    source = source_for(administration)
    with transaction.atomic():
        alert = raise_alert(
            client=client,
            kind=KIND,
            message=alert_message(administration),
            severity=Alert.Severity.URGENT,
            source=source,
        )
        url = reverse(
            "assessments:safety_response", kwargs={"client_id": client.pk, "alert_id": alert.pk}
        )
        primary_id = administration.episode.primary_clinician_id if administration.episode else None
        for owner in responders(administration):
            detail = alert.message
            if owner.pk != primary_id:
                detail += (
                    " You are asked as the program's on-call clinician: if you are not on the "
                    f"client's care team, open the chart with emergency access (record # "
                    f"{client.mrn})."
                )
            raise_task(
                program_id=client.program_id,
                owner=owner,
                kind=KIND,
                title=f"Urgent safety response — record # {client.mrn}",
                due_at=timezone.now(),
                client=client,
                detail=detail,
                priority=Priority.URGENT,
                source=source,
                url=url,
            )
    return alert


def respond_to_alert(
    alert: Alert,
    *,
    by,
    assessment: str,
    risk_level: str,
    plan: str,
    people_told: str,
    assessment_detail: str = "",
    request=None,
) -> SafetyResponse:
    """Document the response to a safety alert: this resolves the alert (its resolution text
    says what was done) and completes every responder's task for it."""
    texts = {"plan": plan.strip(), "people_told": people_told.strip()}
    missing = [name for name, text in texts.items() if not text]
    if missing:
        raise ValueError(f"Missing: {', '.join(missing)}")
    if assessment not in SafetyResponse.Assessment.values:
        raise ValueError(f"unknown safety assessment {assessment!r}")
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.resolved_at is not None:
            raise ValueError("This alert was already resolved.")
        response = SafetyResponse.objects.create(
            alert=locked,
            client_id=locked.client_id,
            administration=administration_for(locked),
            assessment=assessment,
            assessment_detail=assessment_detail.strip(),
            risk_level=risk_level,
            plan=texts["plan"],
            people_told=texts["people_told"],
            responded_by=by,
        )
        resolve_alert(locked, by=by, resolution=resolution_text(response), request=request)
        open_tasks = Task.objects.filter(kind=KIND, source=locked.source, status=Task.Status.OPEN)
        for task in open_tasks:
            complete_task(task, by=by, resolution="Safety response documented.", request=request)
        record(
            "assessment.safety_response",
            request=request,
            actor=by,
            obj=response,
            client_id=locked.client_id,
            program_id=locked.program_id,
            detail={"alert": locked.pk, "assessment": assessment, "risk": risk_level},
        )
    return response


def resolution_text(response: SafetyResponse) -> str:
    lines = [f"Safety assessment: {response.get_assessment_display()}."]
    if response.assessment_detail:
        lines.append(response.assessment_detail)
    lines += [
        f"Risk level judged: {response.get_risk_level_display().lower()}.",
        f"Plan: {response.plan}",
        f"Told: {response.people_told}",
    ]
    return "\n".join(lines)
