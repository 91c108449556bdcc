"""Questionnaires in the portal, one question per screen (issue 11, point 5).

The portal uses the assessments app's own operations (``start_administration`` with
``method="portal"``, ``save_answers``, ``submit_administration``; assessments/README.md "For
the portal"), so scoring and safety alerts are exactly those of staff entry: a PHQ-9 with
item 9 above 0 raises the same urgent alert and tasks, in the same transaction.

Skip logic follows the instrument (FHIR ``enableWhen``): the screens are the questions asked
given the answers so far, so "3 of 9" counts only those; an answer to a question that is no
longer asked is cleared when the client submits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.assessments.instruments import Instrument, Item, get_instrument
from cairn.assessments.models import Administration
from cairn.assessments.schedule import due_for_client
from cairn.core.forms import Form

_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def asked_items(instrument: Instrument, answers: dict) -> list[Item]:
    """The questions asked, given ``answers`` (a question whose condition isn't met is
    skipped)."""
    asked = []
    for item in instrument.items:
        condition = item.enable_when
        if condition is not None:
            given = answers.get(condition.question)
            if type(given) is not type(condition.answer) or given != condition.answer:
                continue
        asked.append(item)
    return asked


def cleared_unasked(instrument: Instrument, answers: dict) -> dict:
    """``None`` for every answered question that is no longer asked (clears it on submit)."""
    asked = {item.link_id for item in asked_items(instrument, answers)}
    return {link_id: None for link_id in answers if link_id not in asked}


class QuestionForm(Form):
    """One question: large radio options; the answer in the contract's type."""

    def __init__(self, item: Item, *args, answer=None, **kwargs):
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = {"answer": _html(answer)}
        super().__init__(*args, **kwargs)
        self.item = item
        if item.type == "boolean":
            choices, coerce = _YES_NO, lambda v: v == "yes"
        else:
            choices, coerce = [(str(o.score), o.display) for o in item.options], int
        self.fields["answer"] = forms.TypedChoiceField(
            label=item.text,
            choices=choices,
            coerce=coerce,
            empty_value=None,
            required=True,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose an answer to go on."),
                "invalid_choice": _("Choose one of the answers shown."),
            },
        )


def _html(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def display_answer(item: Item, value) -> str:
    if value is None:
        return ""
    if item.type == "boolean":
        return str(_("Yes") if value else _("No"))
    return next((o.display for o in item.options if o.score == value), str(value))


@dataclass(frozen=True)
class PortalQuestionnaire:
    """A questionnaire on the client's list: due (not started) or started (a draft)."""

    instrument: str
    title: str
    due_on: object = None
    overdue: bool = False
    draft: Administration | None = None

    @property
    def short_name(self) -> str:
        return get_instrument(self.instrument).short_name


def for_portal(client) -> list[PortalQuestionnaire]:
    """What the client may fill in now: open drafts, then what is due or overdue today (not
    what is upcoming). The client's own record only: the caller went through the door."""
    today = timezone.localdate()
    drafts = {
        a.instrument: a
        for a in Administration.objects.filter(client=client, status=Administration.Status.DRAFT)
    }
    found = [
        PortalQuestionnaire(code, get_instrument(code).title, draft=draft)
        for code, draft in drafts.items()
    ]
    seen = set(drafts)
    for item in due_for_client(client):
        if item.instrument in seen or item.status(today) == "upcoming":
            continue
        seen.add(item.instrument)
        found.append(
            PortalQuestionnaire(
                item.instrument,
                get_instrument(item.instrument).title,
                due_on=item.due_on,
                overdue=item.status(today) == "overdue",
            )
        )
    return found


def may_start(client, instrument: str) -> bool:
    return any(q.instrument == instrument for q in for_portal(client))
