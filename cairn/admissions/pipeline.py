"""The inquiry pipeline: creating and editing inquiries, screening, scheduling and recording
the level-of-care assessment, waitlisting, referring elsewhere, closing, and follow-ups.

``TRANSITIONS`` is the pipeline as data: from each status, the statuses an inquiry may move to.
Every move writes an ``InquiryEvent`` (history, days in status) and an audit event in the same
transaction. Admission itself is in ``admission.py``.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cairn.admissions import asam
from cairn.admissions.models import (
    FollowUp,
    Inquiry,
    InquiryEvent,
    LevelOfCareAssessment,
    Screening,
)
from cairn.admissions.screening import evaluate
from cairn.audit.log import record
from cairn.clients.registration import CONFLICT
from cairn.worklist.models import Priority
from cairn.worklist.operations import raise_task

S = Inquiry.Status

#: status → statuses it may move to. Admitted is final; referred and closed may be reopened.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.SCREENING, S.WAITLISTED, S.REFERRED, S.CLOSED}),
    S.SCREENING: frozenset(
        {S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.WAITLISTED, S.REFERRED, S.CLOSED}
    ),
    S.ASSESSMENT_SCHEDULED: frozenset(
        {S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.WAITLISTED, S.REFERRED, S.CLOSED}
    ),
    S.ASSESSED: frozenset({S.ASSESSED, S.ADMITTED, S.WAITLISTED, S.REFERRED, S.CLOSED}),
    S.WAITLISTED: frozenset(
        {S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.ADMITTED, S.REFERRED, S.CLOSED}
    ),
    S.REFERRED: frozenset({S.NEW}),
    S.CLOSED: frozenset({S.NEW}),
    S.ADMITTED: frozenset(),
}

#: Statuses still in the pipeline (shown as the board's columns).
OPEN_STATUSES = (S.NEW, S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.WAITLISTED)
#: Moves a person makes with the "change status" form (the others come from their own forms).
MANUAL_MOVES = (S.WAITLISTED, S.REFERRED, S.CLOSED, S.NEW)

#: How soon the first call back is due, by urgency.
FIRST_CALL_WITHIN = {
    Inquiry.Urgency.URGENT: timedelta(hours=4),
    Inquiry.Urgency.SOON: timedelta(days=1),
    Inquiry.Urgency.ROUTINE: timedelta(days=2),
}

FOLLOW_UP_KIND = "admissions_follow_up"


def can_move(inquiry: Inquiry, to_status: str) -> bool:
    return to_status in TRANSITIONS[inquiry.status]


def _move(inquiry: Inquiry, to_status: str, *, by, note: str = "", request=None) -> None:
    """Move the (locked) inquiry to ``to_status`` and write its history and audit events."""
    if not can_move(inquiry, to_status):
        raise ValidationError(
            f"An inquiry that is {inquiry.get_status_display().lower()} can't become "
            f"{S(to_status).label.lower()}."
        )
    from_status = inquiry.status
    if from_status != to_status:
        inquiry.status = to_status
        inquiry.status_changed_at = timezone.now()
    inquiry.version += 1
    inquiry.save()
    InquiryEvent.objects.create(
        inquiry=inquiry, from_status=from_status, to_status=to_status, by=by, note=note[:300]
    )
    record(
        "inquiry.move",
        request=request,
        actor=by,
        obj=inquiry,
        client_id=inquiry.client_id,
        detail={"from": from_status, "to": to_status},
    )


def _locked(inquiry: Inquiry, expected_version: int | None = None) -> Inquiry:
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(CONFLICT, code="conflict")
    return locked


def add_follow_up(
    inquiry: Inquiry, *, owner, title: str, due_at, by, priority=Priority.NORMAL, request=None
) -> FollowUp:
    """A follow-up task about the inquiry on ``owner``'s task list."""
    with transaction.atomic():
        number = inquiry.follow_ups.count() + 1
        task = raise_task(
            program_id=inquiry.program_id,
            owner=owner,
            kind=FOLLOW_UP_KIND,
            title=f"{title} — {inquiry.display_name}",
            due_at=due_at,
            priority=priority,
            source=f"inquiry:{inquiry.pk}:{number}",
            url=reverse("admissions:inquiry", kwargs={"inquiry_id": inquiry.pk}),
        )
        follow_up = FollowUp.objects.create(inquiry=inquiry, task=task)
        record(
            "inquiry.follow_up",
            request=request,
            actor=by,
            obj=inquiry,
            detail={"task": task.pk, "owner": owner.pk},
        )
    return follow_up


def create_inquiry(program, values: dict, *, by, request=None) -> Inquiry:
    """Record a new inquiry and put the first call back on the coordinator's task list, due
    by urgency (``FIRST_CALL_WITHIN``)."""
    with transaction.atomic():
        inquiry = Inquiry.objects.create(program=program, created_by=by, **values)
        InquiryEvent.objects.create(inquiry=inquiry, to_status=S.NEW, by=by)
        record("inquiry.create", request=request, actor=by, obj=inquiry)
        urgent = inquiry.urgency == Inquiry.Urgency.URGENT
        add_follow_up(
            inquiry,
            owner=inquiry.coordinator or by,
            title="Call back",
            due_at=inquiry.received_at + FIRST_CALL_WITHIN[inquiry.urgency],
            priority=Priority.URGENT if urgent else Priority.NORMAL,
            by=by,
            request=request,
        )
    return inquiry


def update_inquiry(
    inquiry: Inquiry, values: dict, *, expected_version: int, by, request=None
) -> Inquiry:
    """Correct or complete an inquiry's details (not its status)."""
    with transaction.atomic():
        locked = _locked(inquiry, expected_version)
        if locked.status == S.ADMITTED:
            raise ValidationError("This inquiry led to an admission; edit the client's chart.")
        changed = [k for k, v in values.items() if getattr(locked, k) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.version += 1
            locked.save()
            record(
                "inquiry.update",
                request=request,
                actor=by,
                obj=locked,
                detail={"fields": sorted(changed)},
            )
    return locked


def record_screening(inquiry: Inquiry, answers: dict, *, notes: str = "", by, request=None):
    """Record the screening, its recommendation and reasons (``screening.evaluate``); the
    inquiry moves to "screening". An imminent risk of harm raises an urgent task for the
    screener to act on now."""
    outcome = evaluate(answers)
    with transaction.atomic():
        locked = _locked(inquiry)
        screening = Screening.objects.create(
            inquiry=locked,
            screened_by=by,
            notes=notes,
            recommendation=outcome.recommendation,
            reasons=outcome.reasons,
            **answers,
        )
        _move(locked, S.SCREENING, by=by, note=outcome.label, request=request)
        record(
            "inquiry.screen",
            request=request,
            actor=by,
            obj=screening,
            program_id=locked.program_id,
            detail={"inquiry": locked.pk, "recommendation": outcome.recommendation},
        )
        if outcome.urgent:
            add_follow_up(
                locked,
                owner=by,
                title="Imminent risk reported at screening: arrange an emergency evaluation",
                due_at=timezone.now(),
                priority=Priority.URGENT,
                by=by,
                request=request,
            )
    return screening


def schedule_assessment(inquiry: Inquiry, *, at, assessor, by, request=None) -> Inquiry:
    """Book the level-of-care assessment; the assessor gets a task for that day."""
    with transaction.atomic():
        locked = _locked(inquiry)
        locked.assessment_at, locked.assessor = at, assessor
        when = timezone.localtime(at, locked.program.tz)
        _move(
            locked,
            S.ASSESSMENT_SCHEDULED,
            by=by,
            note=f"{when:%a %b %-d, %H:%M} with {assessor.display_name}",
            request=request,
        )
        add_follow_up(
            locked,
            owner=assessor,
            title="Level-of-care assessment",
            due_at=at,
            by=by,
            request=request,
        )
    return locked


def record_assessment(
    inquiry: Inquiry,
    *,
    assessed_on,
    ratings: dict[int, int],
    narratives: dict[int, str],
    decided_level: str,
    decision_reason: str = "",
    by,
    request=None,
) -> LevelOfCareAssessment:
    """Record the six dimensions, the recommendation derived by ``asam.recommend`` (kept with
    its derivation) and the clinician's decision; a decision that differs needs a reason."""
    edition = inquiry.program.asam_edition
    recommendation = asam.recommend(edition, ratings)
    errors = {}
    if decided_level != recommendation.level and not decision_reason.strip():
        errors["decision_reason"] = (
            f"The decision differs from the recommended level {recommendation.level}: say why."
        )
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = "An assessment can't be dated in the future."
    for n in range(1, 7):
        if not narratives.get(n, "").strip():
            errors[f"d{n}_narrative"] = "Write what you found in this dimension."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(inquiry)
        assessment = LevelOfCareAssessment.objects.create(
            inquiry=locked,
            edition=edition,
            assessed_on=assessed_on,
            assessed_by=by,
            recommended_level=recommendation.level,
            derivation=recommendation.rows,
            decided_level=decided_level,
            decision_reason=decision_reason.strip(),
            **{f"d{n}_rating": ratings[n] for n in range(1, 7)},
            **{f"d{n}_narrative": narratives[n].strip() for n in range(1, 7)},
        )
        _move(locked, S.ASSESSED, by=by, note=f"Level {decided_level} decided", request=request)
        record(
            "inquiry.assess",
            request=request,
            actor=by,
            obj=assessment,
            program_id=locked.program_id,
            detail={
                "inquiry": locked.pk,
                "recommended": recommendation.level,
                "decided": decided_level,
            },
        )
    return assessment


def move_inquiry(
    inquiry: Inquiry,
    to_status: str,
    *,
    note: str = "",
    referred_to: str = "",
    by,
    request=None,
) -> Inquiry:
    """Waitlist, refer elsewhere, close or reopen. Referring needs where to; closing needs why."""
    if to_status not in MANUAL_MOVES:
        raise ValidationError({"to_status": "Use the inquiry's own form for that step."})
    errors = {}
    if to_status == S.REFERRED and not referred_to.strip():
        errors["referred_to"] = "Say where the person was referred."
    if to_status in (S.CLOSED, S.REFERRED) and not note.strip():
        errors["note"] = "Say why, for whoever picks this up later."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(inquiry)
        if not can_move(locked, to_status):
            raise ValidationError(
                {
                    "to_status": f"An inquiry that is {locked.get_status_display().lower()} "
                    f"can't become {S(to_status).label.lower()}."
                }
            )
        if to_status == S.REFERRED:
            locked.referred_to = referred_to.strip()
        if note:
            locked.outcome_note = note.strip()
        _move(locked, to_status, by=by, note=note, request=request)
    return locked
