from django import forms

from cairn.consents.vocabulary import CONSENT_PURPOSES, RecipientKind
from cairn.core.forms import Form
from cairn.fhir import scopes as smart
from cairn.fhir.resources import TYPES

SCOPE_CHOICES = [
    (f"system/{t}.rs", f"{t} (read, search)") for t in sorted([*TYPES, "Questionnaire"])
] + [
    ("system/QuestionnaireResponse.c", "QuestionnaireResponse (submit answers)"),
]


class SystemClientForm(Form):
    name = forms.CharField(
        label="Recipient name",
        max_length=150,
        help_text="Who receives the records, as a consent would name them "
        "(e.g. “Riverside Health Information Exchange”).",
    )
    recipient_kind = forms.ChoiceField(label="Kind of recipient", choices=RecipientKind.choices)
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=CONSENT_PURPOSES,
        help_text="A client's records are sent only when one of their consents covers this "
        "recipient and purpose (42 CFR Part 2).",
    )
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="SMART v2 system scopes. The audit trail (AuditEvent) only for auditors.",
    )

    def clean_scopes(self):
        chosen = self.cleaned_data["scopes"]
        if not all(smart.is_valid(s) for s in chosen):
            raise forms.ValidationError("Choose scopes from the list.")
        return chosen
