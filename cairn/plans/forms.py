"""Forms of the plan pages. Lists the client writes (triggers, warning signs…) are one entry
per line in a text box: quick to type, easy to read back."""

from django import forms
from django.forms import formset_factory

from cairn.accounts.models import User
from cairn.accounts.roles import CARE_ROLES
from cairn.core.forms import DateInput, Form, ModelForm
from cairn.plans import library
from cairn.plans.asam import dimension_choices
from cairn.plans.models import (
    Goal,
    Intervention,
    Objective,
    Problem,
    ProgressRating,
    TreatmentPlanVersion,
)
from cairn.plans.models.relapse import TEXT_SECTIONS


def check_list():
    """Checkboxes in columns (the shared form renders each as a Bootstrap form-check)."""
    return forms.CheckboxSelectMultiple(attrs={"class": "check-list"})


class RevisionMixin(forms.Form):
    """The draft's revision when the form was opened (optimistic locking)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class RevisionForm(RevisionMixin, Form):
    pass


class DetailsForm(RevisionMixin, ModelForm):
    class Meta:
        model = TreatmentPlanVersion
        fields = ["plan_date", "strengths", "discharge_criteria"]
        widgets = {
            "plan_date": DateInput(),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "discharge_criteria": forms.Textarea(attrs={"rows": 2}),
        }


class ProblemForm(RevisionMixin, ModelForm):
    diagnosis_ids = forms.MultipleChoiceField(
        label="Diagnoses",
        required=False,
        widget=check_list(),
        help_text="From the chart's diagnosis list.",
    )
    dimensions = forms.TypedMultipleChoiceField(
        label="ASAM dimensions",
        required=False,
        coerce=int,
        widget=check_list(),
    )

    class Meta:
        model = Problem
        fields = ["title", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, diagnoses=(), edition="3", **kwargs):
        super().__init__(*args, **kwargs)
        self.diagnoses = {str(d.id): d for d in diagnoses}
        for stored in self.instance.diagnoses:
            self.diagnoses.setdefault(str(stored["id"]), _StoredDiagnosis(stored))
        field = self.fields["diagnosis_ids"]
        field.choices = [(key, d.label) for key, d in self.diagnoses.items()]
        if not field.choices:
            field.help_text = "The chart has no diagnoses yet."
        self.fields["dimensions"].choices = dimension_choices(edition)
        self.initial.setdefault("diagnosis_ids", [str(d["id"]) for d in self.instance.diagnoses])
        self.initial.setdefault("dimensions", list(self.instance.asam_dimensions))

    def _post_clean(self):
        self.instance.diagnoses = [
            self.diagnoses[key].as_json() for key in self.cleaned_data.get("diagnosis_ids", [])
        ]
        self.instance.asam_dimensions = sorted(self.cleaned_data.get("dimensions", []))
        super()._post_clean()


class _StoredDiagnosis:
    """A diagnosis already written into the problem (kept even if the chart changed)."""

    def __init__(self, stored: dict):
        self.stored = stored
        self.label = f"{stored['code']} — {stored['description']}"

    def as_json(self) -> dict:
        return self.stored


class GoalForm(RevisionMixin, ModelForm):
    class Meta:
        model = Goal
        fields = ["problem", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"problem": {"required": "Choose the problem this goal answers."}}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = Problem.objects.filter(version=version)
        self.fields["problem"].empty_label = "Choose a problem…"
        self.fields["statement"].help_text = "Write it as the client says it: “I want to…”."


class ObjectiveForm(RevisionMixin, ModelForm):
    class Meta:
        model = Objective
        fields = ["goal", "text", "measure", "target_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "target_date": DateInput()}
        error_messages = {"goal": {"required": "Choose the goal this objective serves."}}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(version=version)
        self.fields["goal"].empty_label = "Choose a goal…"


class InterventionForm(RevisionMixin, ModelForm):
    class Meta:
        model = Intervention
        fields = ["goal", "modality", "setting", "frequency", "responsible", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"goal": {"required": "Choose the goal this intervention serves."}}

    def __init__(self, *args, version, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(version=version)
        self.fields["goal"].empty_label = "Choose a goal…"
        staff = User.objects.filter(
            role_assignments__program=program, role_assignments__role__in=CARE_ROLES
        )
        if self.instance.responsible_id:
            staff = staff | User.objects.filter(pk=self.instance.responsible_id)
        self.fields["responsible"].queryset = staff.distinct().order_by("last_name", "first_name")
        self.fields["responsible"].label_from_instance = lambda user: user.display_name


ITEM_FORMS = {
    "problem": ProblemForm,
    "goal": GoalForm,
    "objective": ObjectiveForm,
    "intervention": InterventionForm,
}


class LibraryForm(RevisionMixin, Form):
    code = forms.ChoiceField(label="Start from a common problem")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose a problem…"), *library.problem_choices()]


class ClinicianSignForm(Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Type your sign-in password again to sign.",
    )


class ClientSignForm(Form):
    typed_name = forms.CharField(label="Type your full name", max_length=200)
    agreed = forms.BooleanField(
        label="I helped write this plan and I agree with it.",
        error_messages={
            "required": "Tick the box to say you helped write this plan and agree with it."
        },
    )


class ReviewForm(Form):
    summary = forms.CharField(
        label="Review summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How treatment is going overall, and what changes in the new version.",
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = objectives
        for objective in objectives:
            self.fields[f"rating_{objective.pk}"] = forms.ChoiceField(
                label=objective.text,
                choices=ProgressRating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Rate the progress on this objective."},
            )
            self.fields[f"comment_{objective.pk}"] = forms.CharField(
                label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 1})
            )

    def rows(self):
        return [(o, self[f"rating_{o.pk}"], self[f"comment_{o.pk}"]) for o in self.objectives]

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            o.pk: (self.cleaned_data[f"rating_{o.pk}"], self.cleaned_data[f"comment_{o.pk}"])
            for o in self.objectives
        }


# ---------------------------------------------------------------------------------------------
# Relapse-prevention plan


class LinesField(forms.CharField):
    """A text box, one entry per line → a list of non-empty lines."""

    widget = forms.Textarea

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs["rows"] = 3
        self.widget.attrs["class"] = "form-control"

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip()[:300] for line in text.splitlines() if line.strip()]


HELP = {
    "triggers_people": "People who make me want to use.",
    "triggers_places": "Places where I used or could get something.",
    "triggers_feelings": "Feelings that push me toward using.",
    "triggers_times": "Times of day, days, dates or events.",
    "warning_signs": "Changes in me that show I'm heading toward using.",
    "coping_other": "Anything else that helps, in my words.",
    "reasons": "Why recovery matters to me.",
    "green_habits": "What I do every day to stay well.",
    "yellow_actions": "What I'll do when I notice warning signs.",
    "yellow_calls": "Names from my support network.",
    "red_steps": "What I'll do right away if I'm using or about to.",
}


class RelapseForm(RevisionMixin, Form):
    coping_skills = forms.MultipleChoiceField(
        label="Coping skills that work for me",
        required=False,
        widget=check_list(),
        help_text="Skills taught in groups.",
    )
    support_contacts = forms.MultipleChoiceField(
        label="People from my chart's contacts",
        required=False,
        widget=check_list(),
    )
    optional_lines = forms.MultipleChoiceField(
        label="More crisis lines",
        required=False,
        widget=check_list(),
        help_text="988 and 911 are always in the red zone, with the program's number.",
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading in TEXT_SECTIONS.items():
            self.fields[name] = LinesField(label=heading, help_text=HELP[name] + " One per line.")
        self.order_fields(
            [
                "triggers_people",
                "triggers_places",
                "triggers_feelings",
                "triggers_times",
                "warning_signs",
                "coping_skills",
                "coping_other",
                "support_contacts",
                "reasons",
                "green_habits",
                "yellow_actions",
                "yellow_calls",
                "red_steps",
                "optional_lines",
            ]
        )
        self.fields["coping_skills"].choices = [
            (skill.code, skill.name) for skill in library.skills().values()
        ]
        self.contacts = {str(c.id): c for c in contacts}
        self.fields["support_contacts"].choices = [(k, c.label) for k, c in self.contacts.items()]
        if not self.contacts:
            self.fields["support_contacts"].help_text = "The chart has no contacts yet."
        self.fields["optional_lines"].choices = [
            (line.code, f"{line.name}: {line.phone}")
            for line in library.crisis_lines()
            if not line.required
        ]

    def section(self, *names):
        return [self[name] for name in names]


class SupportForm(Form):
    # As long as a chart contact's (a support copied from a contact since removed from the
    # chart comes back here as a typed row).
    name = forms.CharField(max_length=200, required=False)
    relationship = forms.CharField(max_length=80, required=False)
    phone = forms.CharField(max_length=40, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("relationship") or data.get("phone")) and not data.get("name"):
            self.add_error("name", "Add the person's name.")
        if data.get("name"):
            digits = sum(ch.isdigit() for ch in data.get("phone", ""))
            if digits < 3:
                self.add_error("phone", "Add a phone number so the client can call them.")
        return data


SupportFormSet = formset_factory(SupportForm, extra=2, max_num=20)
