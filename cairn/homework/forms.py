"""Forms: the worksheet a client fills in (built from its definition in ``worksheets.py``),
and the clinician's assign, review and withdraw forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.core.forms import DateInput, Form
from cairn.homework.worksheets import DAYS, Field, Worksheet, worksheet_choices

_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes(value: str) -> bool:
    return value == "yes"


def _to_html(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _django_field(spec: Field, *, complete: bool, label=None) -> forms.Field:
    label = label or spec.label
    required = complete and spec.required
    if spec.kind == "line":
        return forms.CharField(
            label=label, help_text=spec.help, required=required, max_length=300, strip=True
        )
    if spec.kind == "text":
        return forms.CharField(
            label=label,
            help_text=spec.help,
            required=required,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    if spec.kind == "scale":
        return forms.TypedChoiceField(
            label=label,
            help_text=spec.help,
            required=required,
            choices=[(str(n), str(n)) for n in range(spec.top + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"inline": True, "class": "scale"}),
        )
    if spec.kind == "yesno":
        return forms.TypedChoiceField(
            label=label,
            help_text=spec.help,
            required=required,
            choices=_YES_NO,
            coerce=_yes,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"inline": True}),
        )
    raise ValueError(spec.kind)


def _week_name(spec: Field, day: str, column: Field) -> str:
    return f"{spec.key}-{day}-{column.key}"


def worksheet_form(worksheet: Worksheet, data=None, *, answers=None, complete=True) -> Form:
    """A form for ``worksheet``: one field per entry, the week grid as one field per day and
    column. ``complete`` marks the required entries (sending); a draft may be partial."""
    fields: dict[str, forms.Field] = {}
    initial: dict = {}
    answers = answers or {}
    for spec in worksheet.fields:
        if spec.kind == "week":
            for day, _day_label in DAYS:
                for column in spec.columns:
                    name = _week_name(spec, day, column)
                    fields[name] = _django_field(column, complete=False)
                    value = answers.get(spec.key, {}).get(day, {}).get(column.key)
                    if value is not None:
                        initial[name] = _to_html(value)
        else:
            fields[spec.key] = _django_field(spec, complete=complete)
            if spec.key in answers:
                initial[spec.key] = _to_html(answers[spec.key])
    form_class = type("WorksheetForm", (WorksheetForm,), fields)
    return form_class(data, initial=initial, worksheet=worksheet)


class WorksheetForm(Form):
    def __init__(self, *args, worksheet: Worksheet, **kwargs):
        self.worksheet = worksheet
        super().__init__(*args, **kwargs)

    def answers(self) -> dict:
        """The cleaned answers in the shape ``operations.check_answers`` takes."""
        data = self.cleaned_data
        found: dict = {}
        for spec in self.worksheet.fields:
            if spec.kind == "week":
                week = {}
                for day, _day_label in DAYS:
                    row = {
                        c.key: data.get(_week_name(spec, day, c))
                        for c in spec.columns
                        if data.get(_week_name(spec, day, c)) not in (None, "")
                    }
                    if row:
                        week[day] = row
                found[spec.key] = week
            elif data.get(spec.key) not in (None, ""):
                found[spec.key] = data[spec.key]
        return found

    def layout(self) -> list[dict]:
        """What the template lays out: plain fields, and the week as days of fields."""
        parts = []
        for spec in self.worksheet.fields:
            if spec.kind == "week":
                days = []
                for day, day_label in DAYS:
                    bound = [self[_week_name(spec, day, c)] for c in spec.columns]
                    filled = sum(1 for b in bound if b.value() not in (None, ""))
                    days.append(
                        {
                            "key": day,
                            "label": day_label,
                            "fields": bound,
                            "filled": filled,
                            "has_errors": any(b.errors for b in bound),
                        }
                    )
                parts.append({"week": True, "spec": spec, "days": days})
            else:
                parts.append({"week": False, "field": self[spec.key]})
        return parts

    def add_problem(self, error) -> None:
        """An operation refused the answers: show its message on the field it names."""
        # A problem in the week grid names the grid: it is shown above the form.
        self.add_error(error.field if error.field in self.fields else None, str(error))


class AssignForm(Form):
    worksheet = forms.ChoiceField(label=_("Worksheet"), choices=worksheet_choices)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)
    instructions = forms.CharField(
        label=_("Instructions for the client"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The client reads this in the portal. Keep it short and kind."),
    )

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The due date can't be in the past."))
        return value


class ReviewForm(Form):
    comment = forms.CharField(
        label=_("Comment for the client"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The client sees this in the portal."),
        error_messages={"required": _("Write a comment for the client.")},
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Why withdraw it?"),
        max_length=300,
        error_messages={"required": _("Say why the homework is withdrawn.")},
    )
