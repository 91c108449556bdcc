"""The attendance screen's form: one row per client (prefix ``c<client id>``) and a reason
for corrections. Field rules live in ``recording.check_mark``; this form attaches its messages
to the right field."""

import html

from django import forms
from django.utils.safestring import SafeData, mark_safe

from cairn.attendance.models import AttendanceStatus
from cairn.attendance.recording import Mark, check_mark
from cairn.core.forms import CairnRenderer, Form

_MINUTES_ERRORS = {
    "invalid": "Enter a whole number of minutes.",
    "min_value": "Minutes can't be negative.",
}


def _minutes(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, error_messages=_MINUTES_ERRORS
    )


#: The widget templates that only include Django's ``input.html`` (number, hidden).
_INPUT_TEMPLATES = frozenset(
    {"django/forms/widgets/number.html", "django/forms/widgets/hidden.html"}
)


def _text(value) -> str:
    """``{{ value }}`` (or ``{{ value|stringformat:'s' }}``) in a template: the text, escaped
    unless already marked safe (Django's ``escape`` is ``html.escape`` of the text)."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


class RowRenderer(CairnRenderer):
    """Writes the roster's ``<input>`` widgets (three minute fields and the version on every
    row) exactly as Django's ``input.html`` and ``attrs.html`` would, without a template render
    per field (issue 14: a 15-member roster rendered 60 widget templates). The widget's context
    (name, value, id, ``aria-describedby``, ``aria-invalid``...) is still Django's; every other
    template goes to the usual renderer. Tested against it."""

    def render(self, template_name, context, request=None):
        if template_name not in _INPUT_TEMPLATES:
            return super().render(template_name, context, request)
        widget = context["widget"]
        parts = [f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"']
        if widget["value"] is not None:
            parts.append(f' value="{_text(widget["value"])}"')
        for name, value in widget["attrs"].items():
            if value is False:
                continue
            parts.append(f" {_text(name)}")
            if value is not True:
                parts.append(f'="{_text(value)}"')
        parts.append(">")
        return "".join(parts)


_ROW_RENDERER = RowRenderer()


class RowForm(Form):
    default_renderer = _ROW_RENDERER

    status = forms.ChoiceField(
        choices=AttendanceStatus.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the statuses shown."},
    )
    late_minutes = _minutes("Minutes late")
    early_minutes = _minutes("Minutes left early")
    minutes = _minutes("Minutes attended")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, row, length: int, **kwargs):
        self.row, self.length, self.mark = row, length, None
        record = row.record
        initial = {"minutes": length, "late_minutes": 0, "early_minutes": 0}
        if record is not None:
            initial = {
                "status": record.status,
                "minutes": record.minutes,
                "late_minutes": record.late_minutes,
                "early_minutes": record.early_minutes,
                "version": record.version,
            }
        super().__init__(data, prefix=f"c{row.client.pk}", initial=initial, **kwargs)
        for name in ("late_minutes", "early_minutes", "minutes"):
            self.fields[name].widget.attrs.update(
                {"max": length, "inputmode": "numeric", "data-field": name}
            )

    @property
    def status_buttons(self) -> str:
        """The status radios as a row of toggle buttons: each ``<input type="radio"
        class="btn-check">`` with its ``<label>`` (name, id, value, checked state and label from
        Django's own choice widgets). Written here in one pass rather than by a template loop
        of five lookups per button, as each of the roster's rows has five buttons."""
        buttons = []
        for radio in self["status"]:
            name, value = _text(radio.data["name"]), _text(radio.data["value"])
            id_ = _text(radio.id_for_label)
            checked = " checked" if radio.data["selected"] else ""
            buttons.append(
                f'<input type="radio" class="btn-check" name="{name}" id="{id_}" '
                f'value="{value}"{checked}><label class="btn btn-status btn-status-{value}" '
                f'for="{id_}">{_text(radio.choice_label)}</label>'
            )
        return mark_safe("".join(buttons))

    @property
    def minute_fields(self) -> list[tuple]:
        """(bound field, the status it goes with) for each minutes input of the row, in order
        (the screen shows "minutes late" with Late, "left early" with Left early)."""
        return [
            (self["late_minutes"], AttendanceStatus.LATE.value),
            (self["early_minutes"], AttendanceStatus.LEFT_EARLY.value),
            (self["minutes"], ""),
        ]

    @property
    def minute_fields_html(self) -> str:
        """The row's minute fields, each ``<div class="attendance-minute-field">`` with its
        ``data-when`` status, its ``<label for>``, the input (Django's, with ``aria-describedby``
        and ``aria-invalid``) and its errors under ``id="<field id>_error"``. Written here in one
        pass rather than by a template loop over three fields on every roster row (issue 14);
        ``RowRenderingTest`` checks it against that loop."""
        parts = []
        for field, when in self.minute_fields:
            data_when = f' data-when="{_text(when)}"' if when else ""
            errors = ""
            if field.errors:
                messages = "".join(f"{_text(error)} " for error in field.errors)
                errors = (
                    f'<div class="invalid-feedback d-block" id="{_text(field.auto_id)}_error">'
                    f"{messages}</div>"
                )
            parts.append(
                f'<div class="attendance-minute-field"{data_when}>\n'
                f'  <label class="form-label small mb-0" for="{_text(field.id_for_label)}">'
                f"{_text(field.label)}</label>\n"
                f"  {field}\n"
                f"  {errors}\n"
                f"</div>"
            )
        return mark_safe("\n".join(parts))

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if self.errors:
            return data
        if not status:
            if self.row.record is not None:
                self.add_error(
                    "status", "Attendance already taken can be corrected but not removed."
                )
            return data
        late, early = data.get("late_minutes") or 0, data.get("early_minutes") or 0
        minutes, problems = check_mark(status, data.get("minutes"), late, early, self.length)
        for name, message in problems.items():
            self.add_error(name, message)
        if not problems:
            self.mark = Mark(
                client_id=self.row.client.pk,
                status=status,
                minutes=minutes,
                late_minutes=late,
                early_minutes=early,
                version=data.get("version"),
            )
        return data

    @property
    def changes_record(self) -> bool:
        """A change to a saved row made from an up-to-date page (an outdated one is a
        conflict, which the operation reports)."""
        record = self.row.record
        if self.mark is None or record is None or self.mark.version != record.version:
            return False
        mark = self.mark
        return record.values() != (mark.status, mark.minutes, mark.late_minutes, mark.early_minutes)


class ReasonForm(Form):
    reason = forms.CharField(
        label="Reason for changing attendance already taken",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when you change a row that was already saved. The earlier "
        "values stay on record.",
    )


class AttendanceForm:
    """Every roster row plus the reason, valid only when all of it is."""

    def __init__(self, session, rows, data=None):
        self.session = session
        self.rows = [RowForm(data, row=row, length=session.minutes) for row in rows]
        self.reason_form = ReasonForm(data)
        self.non_field_errors: list[str] = []
        self.taken = any(row.record is not None for row in rows)

    def is_valid(self) -> bool:
        rows_valid = [form.is_valid() for form in self.rows]  # every row, so all errors show
        if not (all(rows_valid) and self.reason_form.is_valid()):
            return False
        if not self.marks():
            self.non_field_errors.append("Nothing to save: mark at least one person.")
            return False
        if any(form.changes_record for form in self.rows) and not self.reason:
            self.reason_form.add_error(
                "reason", "Say why you are changing attendance that was already taken."
            )
            return False
        return True

    @property
    def reason(self) -> str:
        return (self.reason_form.cleaned_data.get("reason") or "").strip()

    def marks(self) -> list[Mark]:
        return [form.mark for form in self.rows if form.mark is not None]

    def add_row_errors(self, errors: dict[int, dict[str, str]]) -> None:
        for form in self.rows:
            for name, message in errors.get(form.row.client.pk, {}).items():
                form.add_error(name, message)

    @property
    def error_count(self) -> int:
        rows = sum(1 for form in self.rows if form.errors)
        return rows + bool(self.reason_form.errors) + len(self.non_field_errors)


class ResolveAlertForm(Form):
    resolution = forms.CharField(
        label="What was done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Describe the response before closing the alert."},
        help_text="E.g. reached the client by phone, plan reviewed, level of care discussed.",
    )
