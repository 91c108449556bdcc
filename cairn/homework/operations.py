"""Homework operations: assign, save a draft, submit, review, withdraw (issue 11, point 4).

Each runs in one transaction with its audit event (``cairn.audit.log.record``); the caller has
already authorized the user through the door (clinicians: ``Action.WRITE_CLINICAL`` on the
client; the client: ``Action.PORTAL`` on their own record). Answers are checked against the
worksheet definition here too, so no face (portal, staff page, a future API) can store a value
the worksheet does not allow. Submitted answers never change; the review comment is written
once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cairn.audit.log import record
from cairn.clients.models import Client, Episode
from cairn.homework.models import Assignment
from cairn.homework.worksheets import DAYS, Field, get_worksheet
from cairn.worklist.models import Task
from cairn.worklist.operations import complete_task, raise_task

MAX_TEXT = 4000
TASK_KIND = "homework_review"
#: Days the clinician has to read sent homework before the review task is due.
REVIEW_DAYS = 3


class HomeworkError(ValueError):
    """The request can't be done; the message is meant for the person on the page."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class HomeworkConflict(HomeworkError):
    """Someone saved this homework since it was opened (optimistic locking)."""


def _check_value(spec: Field, value, where: str):
    if value is None or value == "":
        return None
    if spec.kind in ("line", "text"):
        if not isinstance(value, str):
            raise HomeworkError(_("%(field)s: write text.") % {"field": where}, spec.key)
        if len(value) > MAX_TEXT:
            raise HomeworkError(
                _("%(field)s: keep it under %(n)s characters.") % {"field": where, "n": MAX_TEXT},
                spec.key,
            )
        return value.strip() or None
    if spec.kind == "scale":
        if type(value) is not int or not 0 <= value <= spec.top:
            raise HomeworkError(
                _("%(field)s: choose a number from 0 to %(top)s.")
                % {"field": where, "top": spec.top},
                spec.key,
            )
        return value
    if spec.kind == "yesno":
        if type(value) is not bool:
            raise HomeworkError(_("%(field)s: answer yes or no.") % {"field": where}, spec.key)
        return value
    raise HomeworkError(f"unknown field kind {spec.kind!r}", spec.key)


def check_answers(worksheet_code: str, answers: Mapping, *, complete: bool) -> dict:
    """The answers in the worksheet's shape, blanks dropped. Unknown fields, wrong types and
    (when ``complete``) missing required answers raise ``HomeworkError`` naming the field."""
    worksheet = get_worksheet(worksheet_code)
    known = {f.key for f in worksheet.fields}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise HomeworkError(f"unknown field {unknown[0]!r}", unknown[0])
    clean: dict = {}
    for spec in worksheet.fields:
        value = answers.get(spec.key)
        if spec.kind == "week":
            value = _check_week(spec, value or {})
        else:
            value = _check_value(spec, value, str(spec.label))
        if value is not None:
            clean[spec.key] = value
        elif complete and spec.required:
            raise HomeworkError(
                _("%(field)s: please answer this before sending.") % {"field": spec.label},
                spec.key,
            )
    if complete and not clean:
        raise HomeworkError(_("The worksheet is empty: fill in at least one answer."))
    return clean


def _check_week(spec: Field, value) -> dict | None:
    if not isinstance(value, Mapping):
        raise HomeworkError(f"{spec.label}: a week is a mapping of days", spec.key)
    days = dict(DAYS)
    week = {}
    for day, entries in value.items():
        if day not in days or not isinstance(entries, Mapping):
            raise HomeworkError(f"unknown day {day!r}", spec.key)
        columns = {c.key: c for c in spec.columns}
        row = {}
        for key, entry in entries.items():
            if key not in columns:
                raise HomeworkError(f"unknown column {key!r}", spec.key)
            where = f"{days[day]} — {columns[key].label}"
            checked = _check_value(columns[key], entry, where)
            if checked is not None:
                row[key] = checked
        if row:
            week[day] = row
    return week or None


def assign_homework(
    client: Client,
    worksheet: str,
    *,
    by,
    due_on: date | None = None,
    instructions: str = "",
    request=None,
) -> Assignment:
    """Give a client a worksheet to complete in the portal, in their active episode."""
    get_worksheet(worksheet)
    if due_on is not None and due_on < timezone.localdate():
        raise HomeworkError(_("The due date can't be in the past."), "due_on")
    with transaction.atomic():
        episode = client.episodes.filter(status=Episode.Status.ACTIVE).first()
        assignment = Assignment.objects.create(
            client=client,
            program_id=client.program_id,
            episode=episode,
            worksheet=worksheet,
            instructions=instructions.strip(),
            due_on=due_on,
            assigned_by=by,
        )
        record(
            "homework.assign",
            request=request,
            actor=by,
            obj=assignment,
            client_id=client.pk,
            detail={"worksheet": worksheet, "due_on": str(due_on or "")},
        )
    return assignment


def _locked(assignment: Assignment, version: int | None, *, allowed: tuple[str, ...]):
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if current.status not in allowed:
        raise HomeworkError(
            _("This homework is %(status)s; it can't be changed now.")
            % {"status": current.get_status_display().lower()}
        )
    if version is not None and version != current.version:
        raise HomeworkConflict(
            _(
                "This homework was saved somewhere else since you opened it. "
                "Your answers are still on the page: check them and send again."
            )
        )
    return current


def save_homework(assignment: Assignment, answers: Mapping, *, by, version=None, request=None):
    """Keep the client's answers as a draft (partial is fine)."""
    clean = check_answers(assignment.worksheet, answers, complete=False)
    with transaction.atomic():
        current = _locked(assignment, version, allowed=(Assignment.Status.ASSIGNED,))
        current.answers = clean
        current.saved_at = timezone.now()
        current.version += 1
        current.save(update_fields=["answers", "saved_at", "version"])
        record("homework.save", request=request, actor=by, obj=current, client_id=current.client_id)
    return current


def submit_homework(assignment: Assignment, answers: Mapping, *, by, version=None, request=None):
    """The client sends the completed worksheet to their clinician; the answers are frozen."""
    clean = check_answers(assignment.worksheet, answers, complete=True)
    with transaction.atomic():
        current = _locked(assignment, version, allowed=(Assignment.Status.ASSIGNED,))
        current.answers = clean
        current.status = Assignment.Status.SUBMITTED
        current.submitted_at = current.saved_at = timezone.now()
        current.version += 1
        current.save()
        record(
            "homework.submit", request=request, actor=by, obj=current, client_id=current.client_id
        )
        with translation.override(settings.LANGUAGE_CODE):  # staff read English; the client may not
            title = f"Review homework: {current.definition.title}"
        raise_task(
            program_id=current.program_id,
            owner=current.assigned_by,
            kind=TASK_KIND,
            title=title,
            due_at=current.submitted_at + timedelta(days=REVIEW_DAYS),
            client=current.client,
            source=f"homework:{current.pk}",
            url=reverse("homework:detail", args=[current.pk]),
        )
    return current


def review_homework(assignment: Assignment, comment: str, *, by, version=None, request=None):
    """The clinician has read the submitted homework and leaves a comment for the client."""
    comment = comment.strip()
    if not comment:
        raise HomeworkError(_("Write a comment for the client."), "comment")
    with transaction.atomic():
        current = _locked(assignment, version, allowed=(Assignment.Status.SUBMITTED,))
        current.status = Assignment.Status.REVIEWED
        current.review_comment = comment
        current.reviewed_by = by
        current.reviewed_at = timezone.now()
        current.version += 1
        current.save()
        record(
            "homework.review", request=request, actor=by, obj=current, client_id=current.client_id
        )
        tasks = Task.objects.filter(
            kind=TASK_KIND, source=f"homework:{current.pk}", status=Task.Status.OPEN
        )
        for task in tasks:
            complete_task(task, by=by, resolution="Reviewed", request=request)
    return current


def withdraw_homework(assignment: Assignment, reason: str, *, by, version=None, request=None):
    """Take back an assignment the client has not sent yet; it stays on the chart."""
    reason = reason.strip()
    if not reason:
        raise HomeworkError(_("Say why the homework is withdrawn."), "reason")
    with transaction.atomic():
        current = _locked(assignment, version, allowed=(Assignment.Status.ASSIGNED,))
        current.status = Assignment.Status.WITHDRAWN
        current.withdrawn_by = by
        current.withdrawn_at = timezone.now()
        current.withdrawn_reason = reason[:300]
        current.version += 1
        current.save()
        record(
            "homework.withdraw",
            request=request,
            actor=by,
            obj=current,
            client_id=current.client_id,
        )
    return current
