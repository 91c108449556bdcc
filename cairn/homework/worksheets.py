"""The homework worksheets, as data: each template is a list of fields the client fills in.

Issue 11, point 4: CBT thought record, DBT diary card, relapse-prevention worksheets (trigger
log, decisional balance) and gratitude / reflection. They are Python data rather than JSON so
every label is marked for translation (the portal ships in Spanish, issue 11). Adding a
worksheet is adding an entry to ``WORKSHEETS``; the form (``forms.WorksheetForm``), the portal
page, the review page and the chart read only this module.

Field kinds:
- ``line``: one line of text; ``text``: a few lines; ``scale``: a whole number from 0 to
  ``top`` (radio buttons, large enough to tap); ``yesno``;
- ``week``: the DBT diary card, one row per day (Monday first, DESIGN.md: weeks start Monday)
  and one column per entry of ``columns`` (each a ``scale``, ``yesno`` or ``line``). Stored as
  ``{"mon": {"urge": 2, "used": False, ...}, ...}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # line, text, scale, yesno, week
    label: str
    help: str = ""
    required: bool = False
    top: int = 10  # scale: 0..top
    columns: tuple[Field, ...] = ()  # week: the entries of each day


@dataclass(frozen=True)
class Worksheet:
    code: str
    title: str
    approach: str  # CBT, DBT, relapse prevention, wellbeing
    intro: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


DAYS = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)

WORKSHEETS: dict[str, Worksheet] = {
    w.code: w
    for w in (
        Worksheet(
            "thought_record",
            _("Thought record"),
            _("CBT"),
            _(
                "Pick one moment this week when your mood changed. Write down what happened, "
                "what went through your mind, and look at the thought again."
            ),
            (
                Field("situation", "text", _("What happened?"), _("Where, when, who with."), True),
                Field("thoughts", "text", _("What went through your mind?"), required=True),
                Field("emotions", "line", _("What did you feel?"), _("For example: angry, sad.")),
                Field("intensity_before", "scale", _("How strong was the feeling? (0–10)")),
                Field("evidence_for", "text", _("What supports the thought?")),
                Field("evidence_against", "text", _("What doesn't support it?")),
                Field("balanced", "text", _("A more balanced thought"), required=True),
                Field("intensity_after", "scale", _("How strong is the feeling now? (0–10)")),
            ),
        ),
        Worksheet(
            "diary_card",
            _("Diary card"),
            _("DBT"),
            _(
                "Fill in each day of the week, ideally the same evening. Rate urges and "
                "emotions from 0 (none) to 5 (the strongest)."
            ),
            (
                Field(
                    "week",
                    "week",
                    _("Your week"),
                    columns=(
                        Field("urge", "scale", _("Urge to use (0–5)"), top=5),
                        Field("used", "yesno", _("Used?")),
                        Field("emotion", "scale", _("Strongest emotion (0–5)"), top=5),
                        Field("skills", "yesno", _("Used a skill?")),
                        Field("note", "line", _("Skill or note")),
                    ),
                ),
                Field("reflection", "text", _("Looking back at the week")),
            ),
        ),
        Worksheet(
            "trigger_log",
            _("Trigger log"),
            _("Relapse prevention"),
            _("Write down a moment you felt an urge to use, what set it off, and what you did."),
            (
                Field("when", "line", _("When was it?"), _("Day and time."), True),
                Field("trigger", "text", _("What set it off?"), _("Place, people, feeling."), True),
                Field("craving", "scale", _("How strong was the craving? (0–10)"), required=True),
                Field("coping", "text", _("What did you do?"), required=True),
                Field("outcome", "text", _("How did it turn out?")),
                Field("next_time", "text", _("What would you do next time?")),
            ),
        ),
        Worksheet(
            "decisional_balance",
            _("Decisional balance"),
            _("Relapse prevention"),
            _("Weigh both sides honestly. There are no wrong answers."),
            (
                Field("pros_using", "text", _("Good things about using"), required=True),
                Field("cons_using", "text", _("Not-so-good things about using"), required=True),
                Field("pros_change", "text", _("Good things about not using"), required=True),
                Field("cons_change", "text", _("Not-so-good things about not using")),
                Field("readiness", "scale", _("How ready do you feel to change? (0–10)")),
            ),
        ),
        Worksheet(
            "gratitude",
            _("Gratitude and reflection"),
            _("Wellbeing"),
            _("Take a few quiet minutes. Small things count."),
            (
                Field("grateful_1", "line", _("Something I'm grateful for"), required=True),
                Field("grateful_2", "line", _("Another thing I'm grateful for")),
                Field("grateful_3", "line", _("One more")),
                Field("went_well", "text", _("Something that went well this week")),
                Field("learned", "text", _("Something I learned about myself")),
            ),
        ),
    )
}


def get_worksheet(code: str) -> Worksheet:
    try:
        return WORKSHEETS[code]
    except KeyError:
        raise ValueError(f"unknown worksheet {code!r}") from None


def worksheet_choices() -> list[tuple[str, str]]:
    return [(w.code, w.title) for w in WORKSHEETS.values()]


def _display(value) -> str:
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    return "" if value is None else str(value)


def answer_items(worksheet: Worksheet, answers: dict) -> list[dict]:
    """The answers laid out for reading (chart, review page, the client's copy): plain
    entries as label and text, the week as a table of days by columns."""
    items = []
    for spec in worksheet.fields:
        if spec.kind == "week":
            week = answers.get(spec.key) or {}
            rows = [
                (label, [_display(week.get(day, {}).get(c.key)) for c in spec.columns])
                for day, label in DAYS
            ]
            items.append({"week": True, "label": spec.label, "columns": spec.columns, "rows": rows})
        else:
            items.append(
                {"week": False, "label": spec.label, "value": _display(answers.get(spec.key))}
            )
    return items
