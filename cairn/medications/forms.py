"""Forms: labelled fields, plain-word errors tied to their field. The rules themselves live in
the operations (prescribing.py, screening.py, recovery.py); views add their refusals here."""

from django import forms
from django.utils import timezone

from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.core.forms import DateInput, Form
from cairn.medications.catalog import catalog
from cairn.medications.models import (
    AdherenceCheck,
    Allergy,
    Classification,
    Reason,
    Result,
    Route,
    ScreenMethod,
)
from cairn.medications.prescribing import MedicationInput
from cairn.medications.screening import ScreenInput

FREQUENCIES = [
    "once daily",
    "twice daily",
    "three times daily",
    "at bedtime",
    "every morning",
    "as needed",
    "once weekly",
    "every 28 days",
    "monthly",
]


def _today():
    return timezone.localdate()


class MedicationForm(Form):
    name = forms.CharField(
        label="Medication",
        max_length=200,
        help_text="Type a name or brand and pick from the program's list — it fills strength, "
        "form and route. Any other name is kept as typed and marked “not coded”.",
        widget=forms.TextInput(attrs={"list": "medication-list", "autocomplete": "off"}),
    )
    strength = forms.CharField(max_length=60, required=False, help_text="e.g. 8 mg/2 mg")
    form = forms.CharField(max_length=100, required=False, help_text="e.g. sublingual film")
    dose = forms.CharField(max_length=60, help_text="How much each time, e.g. 1 film, 16 mg")
    route = forms.ChoiceField(
        choices=[("", "— from the list, or pick —"), *Route.choices], required=False
    )
    frequency = forms.CharField(
        max_length=80,
        widget=forms.TextInput(attrs={"list": "frequency-list", "autocomplete": "off"}),
        help_text="e.g. once daily, every 28 days",
    )
    prescriber = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Prescriber in this program",
        empty_label="— outside prescriber —",
    )
    outside_prescriber = forms.CharField(
        max_length=200,
        required=False,
        label="Outside prescriber",
        help_text="Name and practice, e.g. Dr. Lee, Harbor Opioid Treatment Program.",
    )
    start_date = forms.DateField(widget=DateInput(), initial=_today)
    stop_date = forms.DateField(
        widget=DateInput(), required=False, help_text="Leave empty if ongoing."
    )
    reason = forms.ChoiceField(
        choices=Reason.choices, widget=forms.RadioSelect(attrs={"inline": True}), label="Taken for"
    )
    reason_detail = forms.CharField(
        max_length=200,
        required=False,
        label="Condition",
        help_text="e.g. opioid use disorder, depression, sleep",
    )
    is_mat = forms.BooleanField(
        required=False,
        label="Medication for addiction treatment",
        help_text="Set automatically for buprenorphine, naltrexone, methadone, acamprosate, "
        "disulfiram and similar when taken for substance use.",
    )

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prescriber"].queryset = User.objects.filter(
            role_assignments__program=program, role_assignments__role=Role.PRESCRIBER
        ).order_by("last_name", "first_name")
        self.fields["prescriber"].label_from_instance = lambda user: user.display_name

    def to_input(self) -> MedicationInput:
        data = self.cleaned_data
        return MedicationInput(
            name=data["name"],
            strength=data["strength"],
            form=data["form"],
            dose=data["dose"],
            route=data["route"],
            frequency=data["frequency"],
            prescriber=data["prescriber"],
            outside_prescriber=data["outside_prescriber"],
            start_date=data["start_date"],
            stop_date=data["stop_date"],
            reason=data["reason"],
            reason_detail=data["reason_detail"],
            is_mat=data["is_mat"],
        )


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChangeMedicationForm(MedicationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].label = "Change starts on"


class StopMedicationForm(VersionForm):
    stop_date = forms.DateField(widget=DateInput(), initial=_today)
    reason = forms.CharField(
        max_length=300, label="Why it stopped", help_text="e.g. completed taper, side effects"
    )


class ErrorForm(Form):
    reason = forms.CharField(
        max_length=300,
        label="What was wrong",
        help_text="e.g. recorded for the wrong client. The entry stays, struck through.",
    )


class MedicationErrorForm(VersionForm, ErrorForm):
    pass


class AllergyForm(Form):
    substance = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"list": "allergen-list", "autocomplete": "off"}),
        help_text="e.g. penicillin, sulfa drugs, latex, peanuts",
    )
    category = forms.ChoiceField(
        choices=Allergy.Category.choices, initial=Allergy.Category.MEDICATION
    )
    reaction = forms.CharField(max_length=200, required=False, help_text="e.g. hives, anaphylaxis")
    severity = forms.ChoiceField(choices=Allergy.Severity.choices, initial="unknown")


class EndAllergyForm(Form):
    status = forms.ChoiceField(
        choices=[
            (Allergy.Status.INACTIVE, "No longer applies"),
            (Allergy.Status.ERROR, "Entered in error"),
        ],
        widget=forms.RadioSelect,
        label="What happened",
    )
    reason = forms.CharField(max_length=300, label="Why")


class PanelForm(Form):
    panel = forms.ChoiceField(label="Panel", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].choices = catalog().panel_choices()


class ScreenForm(Form):
    """The screen's facts, then one negative / positive / invalid answer per substance of the
    panel (no default: every result is read and chosen), then the validity checks."""

    collected_on = forms.DateField(label="Collection date", widget=DateInput(), initial=_today)
    method = forms.ChoiceField(choices=ScreenMethod.choices, label="How collected")
    observed = forms.TypedChoiceField(
        label="Was the collection observed?",
        choices=[("yes", "Observed"), ("no", "Not observed")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"inline": True}),
    )
    lab_reference = forms.CharField(max_length=60, required=False, label="Lab accession number")
    comment = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Facts about the specimen only, e.g. 'client said they could not go'.",
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        cat = catalog()
        self.fields["method"].initial = panel.method
        self.result_names = []
        for code in panel.analytes:
            name = f"result_{code}"
            self.fields[name] = forms.ChoiceField(
                label=cat.analytes[code].label,
                choices=Result.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Pick negative, positive or invalid.",
                    "invalid_choice": "“%(value)s” is not a result: pick negative, positive or "
                    "invalid.",
                },
            )
            self.result_names.append(name)
        self.validity_names = []
        for check in cat.validity_checks:
            name = f"validity_{check.code}"
            self.fields[name] = forms.ChoiceField(
                label=check.label,
                choices=[("", "Not tested"), ("normal", "Normal"), ("abnormal", "Abnormal")],
                required=False,
            )
            self.validity_names.append(name)

    def result_fields(self):
        return [self[name] for name in self.result_names]

    def validity_fields(self):
        return [self[name] for name in self.validity_names]

    def to_input(self) -> ScreenInput:
        data = self.cleaned_data
        return ScreenInput(
            collected_on=data["collected_on"],
            method=data["method"],
            observed=data["observed"],
            panel=self.panel.code,
            results={code: data[f"result_{code}"] for code in self.panel.analytes},
            validity={
                name.removeprefix("validity_"): data[name]
                for name in self.validity_names
                if data.get(name)
            },
            lab_reference=data["lab_reference"],
            comment=data["comment"],
        )


class ClassifyForm(VersionForm):
    classification = forms.ChoiceField(
        choices=Classification.choices, widget=forms.RadioSelect, label="Classification"
    )
    reason = forms.CharField(
        max_length=500,
        required=False,
        label="Reason",
        help_text="Needed when you change it, e.g. 'prescription from Dr. Lee verified'.",
    )


class RecoveryForm(Form):
    recovery_on = forms.DateField(label="Recovery date", widget=DateInput())
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the date changes. When you keep it after a positive screen, "
        "say why (e.g. prescribed medication, disputed result sent for confirmation).",
    )


class AdherenceForm(Form):
    checked_on = forms.DateField(label="Date", widget=DateInput(), initial=_today)
    medication = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="— all medications —"
    )
    status = forms.ChoiceField(choices=AdherenceCheck.Status.choices, label="What is known")
    source = forms.ChoiceField(choices=AdherenceCheck.Source.choices, label="How it is known")
    comment = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, medications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medication"].queryset = medications
        self.fields["medication"].label_from_instance = lambda med: med.label
