"""Admissions forms. They parse and check single fields; the pipeline's rules live in
``pipeline.py`` and ``admission.py`` and their errors land on these forms' fields."""

from django import forms
from django.utils import timezone

from cairn.admissions import asam
from cairn.admissions.models import Inquiry, Substance
from cairn.admissions.pipeline import MANUAL_MOVES
from cairn.admissions.screening import QUESTIONS
from cairn.clients.models import Client, LevelOfCare
from cairn.core.forms import DateInput, DateTimeInput, Form, ModelForm

YES_NO = [(True, "Yes"), (False, "No")]
#: ASAM risk ratings, 0 (no risk or need) to 4 (utmost severity).
RATING_CHOICES = [
    (0, "0 none"),
    (1, "1 mild"),
    (2, "2 moderate"),
    (3, "3 serious"),
    (4, "4 severe"),
]


def _staff_choices(field, queryset) -> None:
    field.queryset = queryset
    field.label_from_instance = lambda user: user.display_name


class InquiryForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    substances = forms.MultipleChoiceField(
        label="Substances of concern",
        choices=Substance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Inquiry
        fields = [
            "received_at",
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "phone",
            "email",
            "caller_name",
            "caller_relationship",
            "caller_phone",
            "referral_source",
            "referring_organization",
            "referring_contact",
            "substances",
            "insurance_payer",
            "insurance_member_id",
            "urgency",
            "coordinator",
            "notes",
        ]
        widgets = {
            "received_at": DateTimeInput,
            "date_of_birth": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "phone": "Phone",
            "referral_source": "Referred by",
        }

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        coordinator = self.fields["coordinator"]
        _staff_choices(coordinator, staff)
        coordinator.label = "Coordinator"
        coordinator.help_text = "Owns the follow-up calls. Empty: you."

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        return born

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("The inquiry can't be received in the future.")
        return received

    def clean(self):
        data = super().clean()
        if data.get("referral_source") in (
            "inpatient",
            "php",
            "court",
            "employer",
        ) and not data.get("referring_organization"):
            self.add_error("referring_organization", "Name the organization that referred.")
        return data


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Answer yes or no."},
    )


class _ScreeningBase(Form):
    def answers(self) -> dict[str, bool]:
        return {q.field: self.cleaned_data[q.field] for q in QUESTIONS}


#: One yes/no field per question of ``screening.QUESTIONS`` (the questions are data), then notes.
ScreeningForm = type(
    "ScreeningForm",
    (_ScreeningBase,),
    {
        **{q.field: _yes_no(q.text, q.help) for q in QUESTIONS},
        "notes": forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Anything that shaped the answers.",
        ),
        "__module__": __name__,
    },
)


class ScheduleAssessmentForm(Form):
    assessment_at = forms.DateTimeField(label="Date and time", widget=DateTimeInput)
    assessor = forms.ModelChoiceField(
        queryset=None, label="Assessor", help_text="The clinician who will assess."
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_choices(self.fields["assessor"], staff)

    def clean_assessment_at(self):
        at = self.cleaned_data["assessment_at"]
        if at < timezone.now() - timezone.timedelta(days=1):
            raise forms.ValidationError("Pick a time from today on.")
        return at


class _AssessmentBase(Form):
    def __init__(self, *args, edition: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension_names = asam.dimension_names(edition)
        for n, name in self.dimension_names.items():
            self.fields[f"d{n}_rating"].label = f"Dimension {n}: {name}"
            self.fields[f"d{n}_narrative"].label = f"What you found (dimension {n})"

    def dimensions(self):
        """(number, name, rating field, narrative field) per dimension, for the template."""
        return [
            (n, self.dimension_names[n], self[f"d{n}_rating"], self[f"d{n}_narrative"])
            for n in range(1, 7)
        ]

    def ratings(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"d{n}_rating"] for n in range(1, 7)}

    def narratives(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"d{n}_narrative", "") for n in range(1, 7)}


def _dimension_fields(n: int) -> dict:
    return {
        f"d{n}_rating": forms.TypedChoiceField(
            label=f"Dimension {n} — rating",
            choices=RATING_CHOICES,
            coerce=int,
            widget=forms.RadioSelect(attrs={"inline": True}),
            error_messages={"required": "Rate this dimension from 0 to 4."},
        ),
        f"d{n}_narrative": forms.CharField(
            label="What you found",
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": "Write what you found in this dimension."},
        ),
    }


#: The six dimensions (rating 0–4 and a narrative each; names set per edition), then the
#: clinician's decision.
AssessmentForm = type(
    "AssessmentForm",
    (_AssessmentBase,),
    {
        "assessed_on": forms.DateField(label="Assessed on", widget=DateInput),
        **{k: v for n in range(1, 7) for k, v in _dimension_fields(n).items()},
        "decided_level": forms.ChoiceField(
            label="Level of care decided",
            choices=LevelOfCare.choices,
            help_text="Your decision. If it differs from the recommended level, say why below.",
        ),
        "decision_reason": forms.CharField(
            label="Reason the decision differs",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        "__module__": __name__,
    },
)


class AdmissionForm(Form):
    first_name = forms.CharField(label="Legal first name", max_length=100)
    last_name = forms.CharField(label="Legal last name", max_length=100)
    preferred_name = forms.CharField(max_length=100, required=False)
    pronouns = forms.CharField(max_length=40, required=False)
    date_of_birth = forms.DateField(widget=DateInput)
    sex_at_birth = forms.ChoiceField(
        label="Sex assigned at birth", choices=Client.SexAtBirth.choices
    )
    mrn = forms.CharField(
        label="Record number",
        max_length=20,
        required=False,
        help_text="Leave empty to take the next number.",
    )
    admitted_on = forms.DateField(label="Admission date", widget=DateInput)
    level_of_care = forms.ChoiceField(choices=LevelOfCare.choices, initial=LevelOfCare.IOP)
    track = forms.ModelChoiceField(queryset=None, required=False, empty_label="No track yet")
    primary_clinician = forms.ModelChoiceField(queryset=None, label="Primary clinician")
    care_team = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Others on the care team",
        widget=forms.CheckboxSelectMultiple,
        help_text="Co-therapists, the prescriber or nurse, a family therapist.",
    )
    match = forms.CharField(
        label="This person may already have a record",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, tracks, staff, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = tracks
        _staff_choices(self.fields["primary_clinician"], staff)
        _staff_choices(self.fields["care_team"], staff)
        self.offer(matches)

    def offer(self, matches) -> None:
        """Offer the records that may be this person (duplicate detection)."""
        self.matches = list(matches)
        self.fields["match"].widget.choices = [
            (
                str(c.pk),
                f"Readmit {c.first_name} {c.last_name}, born {c.date_of_birth:%b %-d, %Y}, "
                f"record # {c.mrn} ({c.get_status_display().lower()})",
            )
            for c in self.matches
        ] + [("new", "A different person: create a new record")]

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        return born


class MoveForm(Form):
    to_status = forms.ChoiceField(
        label="Move to",
        choices=[(s, Inquiry.Status(s).label) for s in MANUAL_MOVES],
        widget=forms.RadioSelect,
    )
    referred_to = forms.CharField(
        label="Referred to", max_length=200, required=False, help_text="When referring elsewhere."
    )
    note = forms.CharField(
        label="Why", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            Inquiry.Status.NEW: "Reopen (back to new)",
            Inquiry.Status.WAITLISTED: "Waitlist",
            Inquiry.Status.REFERRED: "Referred elsewhere",
            Inquiry.Status.CLOSED: "Close",
        }
        self.fields["to_status"].choices = [(s, labels[s]) for s in MANUAL_MOVES if s in allowed]


class FollowUpForm(Form):
    title = forms.CharField(label="What to do", max_length=150, initial="Call back")
    due_at = forms.DateTimeField(label="Due", widget=DateTimeInput)
    owner = forms.ModelChoiceField(queryset=None, label="Whose task")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_choices(self.fields["owner"], staff)
