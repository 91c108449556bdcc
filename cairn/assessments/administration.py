"""Giving an instrument: start, save answers as a draft, submit (score), discard, correct.

The staff pages and the client portal use these same operations (issue 8, point 3). Each runs
in one transaction with its audit event; the caller has already authorized the user through
the door (``accounts.access``). Answers are in the contract's types (``scoring.score``): the
option's score as an ``int`` for choice items, ``True``/``False`` for yes/no items; ``None``
clears an answer. ``forms.AnswerForm`` converts what a browser sends.

Bad input (issue 8, "Bad input"): a missing, out-of-range or unknown answer raises
``AnswerError`` naming the item, and nothing is stored. A draft may be partial and is never
scored; submitting scores it and, for a safety flag, raises the alert and the tasks
(``safety.raise_safety_alert``) in the same transaction, so a scored PHQ-9 with item 9 > 0 can
never exist without its alert.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cairn.assessments import safety
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration, Method, Occasion
from cairn.assessments.schedule import settings_for
from cairn.assessments.scoring import (
    Answer,
    AnswerError,
    ScoreResult,
    check_partial_answers,
    is_critical,
    score,
    score_cssrs,
)
from cairn.audit.log import record
from cairn.clients.models import Client, Episode

#: A client's clock may run a little ahead of the server's.
_CLOCK_SKEW = timedelta(minutes=5)


class AdministrationError(ValueError):
    """The administration is not in a state that allows this (already submitted, ...)."""


class AdministrationConflict(AdministrationError):
    """Someone saved the draft since this user loaded it (optimistic locking)."""


def sex_for_scoring(client: Client) -> str | None:
    """AUDIT-C's cut-off depends on sex (DOMAIN.md); 'unknown' scores with the contract's
    default cut-off (3)."""
    return client.sex_at_birth if client.sex_at_birth in ("male", "female") else None


def start_administration(
    client: Client,
    instrument: str,
    *,
    by,
    method: str = Method.STAFF,
    occasion: str | None = None,
    request=None,
) -> Administration:
    """Open a draft of ``instrument`` for ``client``, or return the open draft of the same
    instrument (two clicks, two devices: one draft). The occasion defaults to intake for the
    first administration in the episode and follow-up after that."""
    definition = get_instrument(instrument)
    if method not in Method.values:
        raise ValueError(f"unknown method {method!r}")
    if occasion is not None and occasion not in Occasion.values:
        raise ValueError(f"unknown occasion {occasion!r}")
    with transaction.atomic():
        Client.objects.select_for_update().get(pk=client.pk)  # one draft at a time
        draft = Administration.objects.filter(
            client=client, instrument=instrument, status=Administration.Status.DRAFT
        ).first()
        if draft is not None:
            return draft
        episode = client.episodes.filter(status=Episode.Status.ACTIVE).first()
        if occasion is None:
            given = Administration.objects.filter(
                episode=episode,
                instrument=instrument,
                status=Administration.Status.SUBMITTED,
            )
            occasion = Occasion.FOLLOW_UP if episode and given.exists() else Occasion.INTAKE
        administration = Administration.objects.create(
            client=client,
            program_id=client.program_id,
            episode=episode,
            instrument=instrument,
            instrument_version=definition.version,
            occasion=occasion,
            method=method,
            started_by=by,
        )
        record(
            "assessment.start",
            request=request,
            actor=by,
            obj=administration,
            detail={"instrument": instrument, "method": method, "occasion": occasion},
        )
    return administration


def _locked_draft(administration: Administration, version: int | None) -> Administration:
    current = Administration.objects.select_for_update().get(pk=administration.pk)
    if current.status != Administration.Status.DRAFT:
        raise AdministrationError(
            f"This {current.short_name} is {current.get_status_display().lower()}; "
            "it can no longer be changed."
        )
    if version is not None and version != current.version:
        raise AdministrationConflict(
            "Someone else saved answers to this assessment since you opened it. "
            "Your answers are still on the page: check them and save again to keep them."
        )
    return current


def _merge(current: Mapping[str, Answer], changes: Mapping[str, Answer | None]) -> dict:
    merged = dict(current)
    for link_id, value in changes.items():
        if value is None:
            merged.pop(link_id, None)
        else:
            merged[link_id] = value
    return merged


def save_answers(
    administration: Administration,
    answers: Mapping[str, Answer | None],
    *,
    by,
    version: int | None = None,
    request=None,
) -> Administration:
    """Keep answers on the draft, partial or not; never scores. Each given answer is checked
    (known item, allowed value); one bad answer refuses them all."""
    instrument = get_instrument(administration.instrument)
    unknown = next((k for k in answers if k not in instrument.link_ids), None)
    if unknown is not None:  # even one being cleared
        raise AnswerError(instrument.code, unknown, "unknown item")
    check_partial_answers(instrument, {k: v for k, v in answers.items() if v is not None})
    with transaction.atomic():
        current = _locked_draft(administration, version)
        current.answers = _merge(current.answers, answers)
        current.version += 1
        current.save(update_fields=["answers", "version"])
        record(
            "assessment.save_draft",
            request=request,
            actor=by,
            obj=current,
            detail={"answered": len(current.answers), "of": len(instrument.items)},
        )
    return current


def _score(administration: Administration, answers: Mapping[str, Answer]) -> ScoreResult:
    if administration.instrument == "cssrs":
        risk = settings_for(administration.program).cssrs_risk_by_item
        return score_cssrs(answers, risk_by_item=risk or None)
    return score(administration.instrument, answers, sex=sex_for_scoring(administration.client))


def submit_administration(
    administration: Administration,
    answers: Mapping[str, Answer | None] | None = None,
    *,
    by,
    administered_at: datetime | None = None,
    version: int | None = None,
    request=None,
) -> Administration:
    """Score the draft (with ``answers`` merged in) and keep the result for good.

    ``administered_at`` is when the client answered (a paper form's date); it defaults to now
    and may not be in the future. A safety flag (PHQ-9 item 9 > 0, C-SSRS high) raises an
    urgent alert on the chart and urgent tasks in the same transaction.
    """
    now = timezone.now()
    administered_at = administered_at or now
    if administered_at > now + _CLOCK_SKEW:
        raise ValueError("The date the client answered cannot be in the future.")
    with transaction.atomic():
        current = _locked_draft(administration, version)
        merged = _merge(current.answers, answers or {})
        result = _score(current, merged)  # AnswerError: nothing is stored
        current.answers = merged
        current.total, current.band = result.total, result.band
        current.flags, current.subscales = list(result.flags), dict(result.subscales)
        current.critical = is_critical(result)
        if current.instrument == "auditc":
            current.scored_with_sex = sex_for_scoring(current.client) or ""
        current.status = Administration.Status.SUBMITTED
        current.submitted_by, current.submitted_at = by, now
        current.administered_at = administered_at
        current.version += 1
        current.save()
        record(
            "assessment.submit",
            request=request,
            actor=by,
            obj=current,
            detail={
                "instrument": current.instrument,
                "total": current.total,
                "band": current.band,
                "critical": current.critical,
            },
        )
        if current.critical:
            safety.raise_safety_alert(current)
    return current


def discard_draft(administration: Administration, *, by, request=None) -> Administration:
    """Set a draft aside (started by mistake). It is kept, never scored, never shown as due."""
    with transaction.atomic():
        current = _locked_draft(administration, None)
        current.status = Administration.Status.DISCARDED
        current.status_changed_by = by
        current.version += 1
        current.save(update_fields=["status", "status_changed_by", "version"])
        record("assessment.discard", request=request, actor=by, obj=current)
    return current


def mark_entered_in_error(
    administration: Administration, *, by, reason: str, request=None
) -> Administration:
    """A submitted administration that was wrong (wrong client, typing error on a paper form)
    leaves the trends and counts but stays on record with the reason. Its safety alert, if
    any, stays open until a clinician documents the response."""
    if not reason.strip():
        raise ValueError("Say why this assessment was entered in error.")
    with transaction.atomic():
        current = Administration.objects.select_for_update().get(pk=administration.pk)
        if current.status != Administration.Status.SUBMITTED:
            raise AdministrationError("Only a submitted assessment can be marked entered in error.")
        current.status = Administration.Status.ENTERED_IN_ERROR
        current.status_reason = reason.strip()
        current.status_changed_by = by
        current.version += 1
        current.save(update_fields=["status", "status_reason", "status_changed_by", "version"])
        record("assessment.entered_in_error", request=request, actor=by, obj=current)
    return current
