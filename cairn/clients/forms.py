"""Forms for the chart: they parse and check single fields; the rules live in the operations
(registration.py, diagnoses.py, episodes.py, discharge.py), whose errors land on the fields."""

from django import forms
from django.utils import timezone

from cairn.clients.models import (
    AftercareItem,
    CareTeamMember,
    Client,
    Contact,
    Coverage,
    Diagnosis,
    DischargeType,
    LevelOfCare,
)
from cairn.clients.registration import DEMOGRAPHIC_FIELDS
from cairn.core.forms import DateInput, Form, ModelForm


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DemographicsForm(VersionMixin, ModelForm):
    class Meta:
        model = Client
        fields = DEMOGRAPHIC_FIELDS
        widgets = {
            "date_of_birth": DateInput,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "preferred_name": "What the client likes to be called; shown in the chart header.",
            "pronouns": "e.g. she/her, he/him, they/them",
        }

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        return born


class ContactForm(ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "kind",
            "relationship",
            "phone",
            "email",
            "emergency_contact",
            "may_contact",
            "notes",
        ]
        labels = {"kind": "Who they are"}

    def clean(self):
        data = super().clean()
        if data.get("emergency_contact") and not data.get("phone"):
            self.add_error("phone", "An emergency contact needs a phone number.")
        return data


class CoverageForm(ModelForm):
    class Meta:
        model = Coverage
        fields = [
            "priority",
            "payer_name",
            "plan_name",
            "member_id",
            "group_number",
            "subscriber_relationship",
            "subscriber_name",
            "effective_on",
            "ends_on",
        ]
        widgets = {"effective_on": DateInput, "ends_on": DateInput}

    def clean(self):
        data = super().clean()
        if data.get("subscriber_relationship", "self") != "self" and not data.get(
            "subscriber_name"
        ):
            self.add_error("subscriber_name", "Name the subscriber (the policy holder).")
        start, end = data.get("effective_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "A coverage can't end before it starts.")
        return data


class EndCoverageForm(Form):
    ends_on = forms.DateField(label="Ended on", widget=DateInput)


class DiagnosisForm(Form):
    code = forms.CharField(
        label="ICD-10-CM code",
        max_length=10,
        help_text="Search above by code or words, or type the code (e.g. F10.20).",
    )
    rank = forms.ChoiceField(choices=Diagnosis.Rank.choices, initial=Diagnosis.Rank.SECONDARY)
    category = forms.ChoiceField(
        choices=Diagnosis.Category.choices,
        help_text="Substance use (F10–F19), co-occurring mental health (other F codes) or "
        "medical — suggested from the code.",
    )
    status = forms.ChoiceField(
        choices=Diagnosis.Status.choices[:3], initial=Diagnosis.Status.ACTIVE
    )
    onset_on = forms.DateField(label="Onset", required=False, widget=DateInput)


class DiagnosisUpdateForm(VersionMixin, ModelForm):
    class Meta:
        model = Diagnosis
        fields = ["rank", "category", "status", "onset_on"]
        widgets = {"onset_on": DateInput}
        help_texts = {
            "status": "A wrong code is marked “entered in error”; then record the right one.",
        }


class EpisodeChangeForm(VersionMixin, Form):
    level_of_care = forms.ChoiceField(label="Level of care", choices=LevelOfCare.choices)
    track = forms.ModelChoiceField(queryset=None, required=False, empty_label="No track")
    effective_on = forms.DateField(label="Takes effect on", widget=DateInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: what changed in the client's needs or progress.",
    )
    decided_by = forms.ModelChoiceField(
        queryset=None, label="Decided by", help_text="The clinician who made the decision."
    )

    def __init__(self, *args, tracks, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = tracks
        self.fields["decided_by"].queryset = staff
        self.fields["decided_by"].label_from_instance = lambda user: user.display_name


class DischargeForm(VersionMixin, Form):
    discharged_on = forms.DateField(label="Discharge date", widget=DateInput)
    discharge_type = forms.ChoiceField(label="Type of discharge", choices=DischargeType.choices)
    summary = forms.CharField(
        label="Discharge summary",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Course of treatment, progress on goals, condition at discharge.",
    )


class AftercareItemForm(Form):
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "—"), *AftercareItem.Kind.choices], required=False
    )
    description = forms.CharField(label="What", max_length=200, required=False)
    details = forms.CharField(label="When, where, contact", max_length=300, required=False)
    starts_on = forms.DateField(label="Date", required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        filled = any(data.get(k) for k in ("description", "details", "starts_on"))
        if filled and not data.get("kind"):
            self.add_error("kind", "Choose what kind of aftercare this is.")
        if data.get("kind") and not data.get("description"):
            self.add_error("description", "Say what it is (a name, a meeting, a provider).")
        return data

    @property
    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(k) for k in ("kind", "description", "details"))


AftercareFormSet = forms.formset_factory(AftercareItemForm, extra=4, max_num=20)


class CompleteTaskForm(Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What was done or learned (optional).",
    )


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.display_name


class AddTeamMemberForm(Form):
    user = _StaffChoice(queryset=None, label="Who", empty_label="Choose someone…")
    role = forms.ChoiceField(
        label="Role on the team",
        choices=[
            (value, label)
            for value, label in CareTeamMember.TeamRole.choices
            if value != CareTeamMember.TeamRole.PRIMARY
        ],
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].error_messages["invalid_choice"] = (
            "Choose a clinician, supervisor or prescriber of this program who is not on the "
            "team yet."
        )


class PrimaryClinicianForm(VersionMixin, Form):
    user = _StaffChoice(queryset=None, label="New primary clinician", empty_label="Choose…")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff
        self.fields["user"].error_messages["invalid_choice"] = (
            "Choose a clinician or supervisor of this program."
        )
