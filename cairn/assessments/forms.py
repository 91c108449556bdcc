"""Forms: answering an instrument (staff pages and the client portal share ``AnswerForm``),
starting one, documenting a safety response, and the program's schedule and settings.

``AnswerForm`` turns what a browser sends ("2", "yes") into the contract's types (``2``,
``True``), names the question in every error, and follows FHIR ``enableWhen`` semantics: a
question that is not asked (C-SSRS 3–5 after "no" to 2) has its answer dropped, as the page
hides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from cairn.accounts.models import StaffRole, User
from cairn.accounts.roles import CARE_ROLES
from cairn.assessments.instruments import Group, Instrument, Item, all_instruments
from cairn.assessments.models import AssessmentSettings, Method, Occasion, SafetyResponse
from cairn.assessments.scoring import AnswerError
from cairn.core.forms import DateInput, Form, ModelForm

_YES_NO = [("yes", "Yes"), ("no", "No")]


class OptionRadios(forms.RadioSelect):
    """Radios as large labelled options (``.answer-option``), good to tap on a phone. Templates
    iterate the bound field and render each ``choice.tag`` (the input alone) in their own
    label; ``{{ field }}`` alone renders the same markup."""

    template_name = "assessments/widgets/options.html"
    option_template_name = "django/forms/widgets/radio_option.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "form-check-input", **(attrs or {})}, choices)


def field_name(link_id: str) -> str:
    return f"q{link_id}"


def _yes(value: str) -> bool:
    return value == "yes"


@dataclass
class Question:
    """One question as the template lays it out."""

    item: Item
    field: forms.BoundField
    number: int
    group: Group | None  # the group a part belongs to (BAM 7a-7g)
    group_start: bool = False  # the first part, where the group's heading goes
    enable_question: str = ""
    enable_answer: str = ""

    @property
    def link_id(self) -> str:
        return self.item.link_id


class AnswerForm(Form):
    """Every item of ``instrument`` as an optional radio group. ``answers()`` gives the
    contract's values, ``None`` for a blank or not-asked item."""

    def __init__(self, instrument: Instrument, *args, answers: dict | None = None, **kwargs):
        self.instrument = instrument
        if answers and "initial" not in kwargs:
            kwargs["initial"] = {field_name(k): _to_html(v) for k, v in answers.items()}
        super().__init__(*args, **kwargs)
        for item in instrument.items:
            self.fields[field_name(item.link_id)] = self._field(item)

    def _field(self, item: Item) -> forms.Field:
        messages = {
            "invalid_choice": f"Question {item.link_id}: choose one of the answers shown.",
        }
        label = f"{item.link_id}. {item.text}"
        if item.type == "boolean":
            return forms.TypedChoiceField(
                label=label,
                choices=_YES_NO,
                coerce=_yes,
                empty_value=None,
                required=False,
                widget=OptionRadios,
                error_messages=messages,
            )
        return forms.TypedChoiceField(
            label=label,
            choices=[(str(o.score), o.display) for o in item.options],
            coerce=int,
            empty_value=None,
            required=False,
            widget=OptionRadios,
            error_messages=messages,
        )

    def questions(self) -> list[Question]:
        groups = {g.link_id: g for g in self.instrument.groups}
        found = []
        for number, item in enumerate(self.instrument.items, 1):
            condition = item.enable_when
            found.append(
                Question(
                    item=item,
                    field=self[field_name(item.link_id)],
                    number=number,
                    group=groups.get(item.group) if item.group else None,
                    group_start=bool(item.group) and groups[item.group].items[0] == item.link_id,
                    enable_question=condition.question if condition else "",
                    enable_answer=_to_html(condition.answer) if condition else "",
                )
            )
        return found

    def answers(self) -> dict[str, int | bool | None]:
        """Cleaned answers for every item, in order; not-asked items are ``None``."""
        found: dict[str, int | bool | None] = {}
        for item in self.instrument.items:
            value = self.cleaned_data.get(field_name(item.link_id))
            condition = item.enable_when
            if condition is not None:
                controlling = found.get(condition.question)
                asked = type(controlling) is type(condition.answer) and (
                    controlling == condition.answer
                )
                value = value if asked else None
            found[item.link_id] = value
        return found

    def require_all(self) -> bool:
        """Before submitting: every asked question needs an answer. False when one is blank."""
        for link_id, value in self.answers().items():
            if value is None and self._is_asked(link_id):
                self.add_error(field_name(link_id), f"Answer question {link_id} before submitting.")
        return not self.errors

    def _is_asked(self, link_id: str) -> bool:
        condition = self.instrument.item(link_id).enable_when
        if condition is None:
            return True
        return self.answers().get(condition.question) == condition.answer

    def add_answer_error(self, error: AnswerError) -> None:
        """An operation refused an answer: show its message on that question."""
        name = field_name(str(error.item))
        problem = str(error).split(": ", 1)[-1]
        message = f"Question {error.item}: {problem}."
        self.add_error(name if name in self.fields else None, message)

    @property
    def answered(self) -> int:
        return sum(1 for value in self.answers().values() if value is not None)


def _to_html(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class StartForm(Form):
    """Start an instrument for a client (staff: with the client, or entering a paper form)."""

    instrument = forms.ChoiceField(label="Questionnaire")
    method = forms.ChoiceField(
        label="How",
        choices=[(Method.STAFF, "With the client now"), (Method.PAPER, Method.PAPER.label)],
        initial=Method.STAFF,
    )
    occasion = forms.ChoiceField(
        choices=[("", "Work it out"), *Occasion.choices], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [
            (i.code, f"{i.short_name} — {i.title}") for i in all_instruments()
        ]


class SubmitDetailsForm(Form):
    """When a paper form was filled in (it defaults to today for paper entry)."""

    administered_on = forms.DateField(
        label="Date on the paper form",
        widget=DateInput,
        help_text="The day the client filled it in.",
    )

    def clean_administered_on(self) -> date:
        value = self.cleaned_data["administered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value

    def administered_at(self) -> datetime:
        """Noon of the paper form's date in the program's zone, or now when that is today."""
        day = self.cleaned_data["administered_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time(12, 0)))


class EnteredInErrorForm(Form):
    reason = forms.CharField(
        label="Why is this assessment wrong?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="For example: entered for the wrong client; answers typed wrong from paper.",
    )


class SafetyResponseForm(ModelForm):
    class Meta:
        model = SafetyResponse
        fields = ["assessment", "assessment_detail", "risk_level", "plan", "people_told"]
        labels = {
            "assessment": "Safety assessment done",
            "assessment_detail": "What the assessment found",
            "risk_level": "Risk level you judged",
            "plan": "Safety plan",
            "people_told": "Who was told",
        }
        help_texts = {
            "plan": "What happens next: safety plan reviewed, means restriction, follow-up "
            "contact, level of care.",
            "people_told": "Names and when: supervisor, psychiatrist, family with consent, "
            "crisis team.",
        }
        widgets = {
            "assessment": OptionRadios,
            "risk_level": OptionRadios,
            "assessment_detail": forms.Textarea(attrs={"rows": 2}),
            "plan": forms.Textarea(attrs={"rows": 3}),
            "people_told": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("assessment", "risk_level"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class ScheduleForm(Form):
    """One row per instrument: at intake, every N days, at discharge, after a safety flag."""

    def __init__(self, *args, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {rule.instrument: rule for rule in rules or []}
        critical = [("", "—")] + [
            (i.code, i.short_name) for i in all_instruments() if i.critical_flags
        ]
        for instrument in all_instruments():
            code, rule = instrument.code, current.get(instrument.code)
            name = instrument.short_name
            self.fields[f"{code}_intake"] = forms.BooleanField(
                label=f"{name} at intake",
                required=False,
                initial=bool(rule and rule.at_intake),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{code}_every"] = forms.IntegerField(
                label=f"{name}: repeat every … days",
                required=False,
                min_value=1,
                max_value=365,
                initial=rule.every_days if rule else None,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                error_messages={
                    "min_value": f"{name}: repeat every 1 to 365 days, or leave empty.",
                    "max_value": f"{name}: repeat every 1 to 365 days, or leave empty.",
                },
            )
            self.fields[f"{code}_discharge"] = forms.BooleanField(
                label=f"{name} at discharge",
                required=False,
                initial=bool(rule and rule.at_discharge),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{code}_after"] = forms.ChoiceField(
                label=f"{name} whenever this raises a safety flag",
                choices=[c for c in critical if c[0] != code],
                required=False,
                initial=rule.after_critical if rule else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        for instrument in all_instruments():
            code = instrument.code
            yield instrument, [self[f"{code}_{part}"] for part in PARTS]

    def rules(self) -> dict[str, tuple[bool, int | None, bool, str]]:
        data = self.cleaned_data
        return {
            i.code: (
                data[f"{i.code}_intake"],
                data[f"{i.code}_every"],
                data[f"{i.code}_discharge"],
                data[f"{i.code}_after"],
            )
            for i in all_instruments()
        }


PARTS = ("intake", "every", "discharge", "after")

CSSRS_LEVELS = [("none", "None"), ("low", "Low"), ("moderate", "Moderate"), ("high", "High")]


class SettingsForm(ModelForm):
    """The on-call clinician, the grace period, and C-SSRS risk per question."""

    class Meta:
        model = AssessmentSettings
        fields = ["on_call_clinician", "grace_days"]
        labels = {"on_call_clinician": "On-call clinician for safety alerts"}

    def __init__(self, *args, program, cssrs_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        carers = StaffRole.objects.filter(program=program, role__in=CARE_ROLES).values("user_id")
        field = self.fields["on_call_clinician"]
        field.queryset = User.objects.filter(pk__in=carers, is_active=True).order_by(
            "last_name", "first_name"
        )
        field.label_from_instance = lambda user: user.display_name
        field.empty_label = "Nobody (primary clinician only)"
        self.fields["grace_days"].max_value = 30
        self.fields["grace_days"].widget.attrs["max"] = 30
        current = self.instance.cssrs_risk_by_item or {}
        self.cssrs_items = list(cssrs_items)
        for item, default in self.cssrs_items:
            self.fields[f"cssrs_{item.link_id}"] = forms.ChoiceField(
                label=f"{item.link_id}. {item.text}",
                choices=CSSRS_LEVELS,
                initial=current.get(item.link_id, default),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def clean_grace_days(self):
        value = self.cleaned_data["grace_days"]
        if value > 30:
            raise forms.ValidationError("Use 30 days or fewer.")
        return value

    def cssrs_fields(self):
        return [self[f"cssrs_{item.link_id}"] for item, _ in self.cssrs_items]

    def cssrs_risk(self) -> dict[str, str] | None:
        chosen = {
            item.link_id: self.cleaned_data[f"cssrs_{item.link_id}"] for item, _ in self.cssrs_items
        }
        default = {item.link_id: level for item, level in self.cssrs_items}
        return None if chosen == default else chosen
