"""Answering an instrument from a web page: the layer the staff pages and the client portal
share. A view gets the administration through the door, then calls ``handle_answers`` with the
POST and renders ``assessments/_questions.html`` with the form it returns.

The page shows the whole form on a desktop and one question per screen on a phone
(``static/assessments/answer-form.js``, which also saves the draft as the person moves on).
Without JavaScript the whole form works everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cairn.assessments.administration import (
    AdministrationConflict,
    AdministrationError,
    save_answers,
    submit_administration,
)
from cairn.assessments.forms import AnswerForm
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration
from cairn.assessments.scoring import AnswerError

SAVED, SUBMITTED, INVALID = "saved", "submitted", "invalid"


@dataclass
class Entry:
    outcome: str
    administration: Administration
    form: AnswerForm


def answer_form(administration: Administration, data=None) -> AnswerForm:
    instrument = get_instrument(administration.instrument)
    return AnswerForm(instrument, data, answers=administration.answers)


def _version(data) -> int | None:
    try:
        return int(data.get("version", ""))
    except (TypeError, ValueError):
        return None


def handle_answers(
    request,
    administration: Administration,
    *,
    by,
    submit: bool,
    administered_at: datetime | None = None,
) -> Entry:
    """Save the posted answers as a draft, or submit them for scoring. On bad input nothing
    is stored and the form carries a message on the question at fault."""
    form = answer_form(administration, request.POST)
    if not form.is_valid() or (submit and not form.require_all()):
        return Entry(INVALID, administration, form)
    version = _version(request.POST)
    try:
        if submit:
            administration = submit_administration(
                administration,
                form.answers(),
                by=by,
                administered_at=administered_at,
                version=version,
                request=request,
            )
            return Entry(SUBMITTED, administration, form)
        administration = save_answers(
            administration, form.answers(), by=by, version=version, request=request
        )
        return Entry(SAVED, administration, form)
    except AnswerError as error:
        form.add_answer_error(error)
    except AdministrationConflict as error:
        administration.refresh_from_db()
        form.add_error(None, str(error))
    except (AdministrationError, ValueError) as error:
        form.add_error(None, str(error))
    return Entry(INVALID, administration, form)
