"""Forms for consents, disclosures and exports. They parse and check shapes; the rules (required
elements, coverage) live in the operations, whose refusals land on these fields."""

from django import forms
from django.utils import timezone

from cairn.consents.categories import Period
from cairn.consents.rules import CONTACT_KINDS
from cairn.consents.vocabulary import (
    CONSENT_PURPOSES,
    TPO_PURPOSES,
    ExpiryEvent,
    Purpose,
    RecipientKind,
    RevocationHow,
    SignatureMethod,
    SignerKind,
    category_choices,
    ordered,
)
from cairn.core.forms import DateInput, Form

_RECIPIENT_KINDS = [
    (v, label)
    for v, label in RecipientKind.choices
    if v not in (RecipientKind.TPO_CLASS, RecipientKind.MEDICAL_PERSONNEL)
]


def _contact_details(contact) -> dict:
    return {
        "name": f"{contact.name} ({contact.relationship})",
        "kind": CONTACT_KINDS.get(contact.kind, RecipientKind.OTHER),
        "reach": contact.phone or contact.email,
    }


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.name} ({contact.relationship})"


class ConsentForm(Form):
    preset = forms.CharField(widget=forms.HiddenInput, required=False)
    is_tpo = forms.BooleanField(widget=forms.HiddenInput, required=False)
    contact = ContactChoice(
        label="From the client's contacts (optional)",
        queryset=None,
        required=False,
        empty_label="Someone not on the contact list",
        help_text="Links the consent to this person; the name below is filled in from the "
        "contact when left empty.",
    )
    recipient_kind = forms.ChoiceField(label="Kind of recipient", choices=_RECIPIENT_KINDS)
    recipient_name = forms.CharField(
        label="Recipient",
        max_length=300,
        required=False,
        help_text="A person or an organization, as the client names them.",
    )
    recipient_organization = forms.CharField(
        label="Their organization", max_length=200, required=False
    )
    recipient_contact = forms.CharField(
        label="Their address, phone or e-mail", max_length=300, required=False
    )
    categories = forms.MultipleChoiceField(
        label="Information that may be disclosed",
        choices=category_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="SUD counseling notes only ever go on a consent of their own.",
    )
    information_detail = forms.CharField(
        label="Anything that narrows it (optional)", max_length=500, required=False
    )
    records_from = forms.DateField(
        label="Records from (optional)", widget=DateInput, required=False
    )
    records_to = forms.DateField(label="Records up to (optional)", widget=DateInput, required=False)
    purpose = forms.ChoiceField(
        label="Purpose", choices=[("", "Choose…"), *CONSENT_PURPOSES], required=False
    )
    purpose_detail = forms.CharField(
        label="Purpose, in the client's words", max_length=300, required=False
    )
    expires_on = forms.DateField(label="Expires on", widget=DateInput, required=False)
    expiry_event = forms.ChoiceField(
        label="Or expires at", choices=ExpiryEvent.choices, required=False
    )
    expiry_event_detail = forms.CharField(label="The event", max_length=200, required=False)
    discloser = forms.CharField(label="Who may disclose", max_length=300)
    revocation_statement = forms.CharField(
        label="The right to revoke, and how", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, tpo: bool = False, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        if tpo or contacts is None:
            del self.fields["contact"]
        if tpo:
            # The single TPO consent names its recipients and purpose in the rule's words.
            for name in ("recipient_kind", "recipient_name", "recipient_organization", "purpose"):
                self.fields[name].widget = forms.HiddenInput()
            self.fields["recipient_kind"].choices = [(RecipientKind.TPO_CLASS, "TPO")]
            self.fields["purpose"].choices = [(Purpose.TPO, Purpose.TPO.label)]

    def contact_details(self) -> dict:
        """What choosing each contact fills in (read by consent-form.js)."""
        if "contact" not in self.fields:
            return {}
        return {str(c.pk): _contact_details(c) for c in self.fields["contact"].queryset}

    def clean_categories(self):
        return ordered(self.cleaned_data["categories"])

    def clean(self):
        """A contact chosen with the recipient left empty: the consent names the contact, as
        the contact list has them."""
        data = super().clean()
        contact = data.get("contact")
        if contact is not None and not data.get("recipient_name", "").strip():
            details = _contact_details(contact)
            data["recipient_name"] = details["name"]
            data["recipient_kind"] = details["kind"]
            data["recipient_contact"] = data.get("recipient_contact") or details["reach"]
        return data


class SignForm(Form):
    signer_kind = forms.ChoiceField(
        label="Who signs", choices=SignerKind.choices, widget=forms.RadioSelect
    )
    signer_name = forms.CharField(
        label="Full name of the person signing", max_length=200, required=False
    )
    representative_authority = forms.CharField(
        label="The representative's authority",
        max_length=200,
        required=False,
        help_text="e.g. parent of a minor, court-appointed guardian, health care agent.",
    )
    method = forms.ChoiceField(
        label="Signed",
        choices=[(v, label) for v, label in SignatureMethod.choices if v != SignatureMethod.PORTAL],
        widget=forms.RadioSelect,
        initial=SignatureMethod.ON_SCREEN,
    )
    signed_on = forms.DateField(
        label="Date on the paper form",
        widget=DateInput,
        required=False,
        help_text="Only for a paper signature; on screen it is today.",
    )
    attested = forms.BooleanField(
        label="I have read this consent (or had it read to me), I understand it, and I sign it.",
        required=False,
    )


class RevokeForm(Form):
    revoked_on = forms.DateField(
        label="Date of the written revocation", widget=DateInput, initial=timezone.localdate
    )
    how = forms.ChoiceField(
        label="How it was received", choices=[("", "Choose…"), *RevocationHow.choices]
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class VoidForm(Form):
    reason = forms.CharField(label="Why it won't be signed", max_length=300)


class FindConsentForm(Form):
    """Who is the package for, and why? (GET)"""

    recipient = forms.CharField(
        label="Recipient's name", max_length=300, help_text="As the consent names them."
    )
    recipient_kind = forms.ChoiceField(
        label="Kind of recipient",
        choices=[("", "Not sure"), *_RECIPIENT_KINDS],
        required=False,
        help_text="Treating providers and payers may be covered by a TPO consent.",
    )
    purpose = forms.ChoiceField(label="Purpose", choices=[("", "Choose…"), *CONSENT_PURPOSES])


class PackageForm(Form):
    """What goes in the package, within what the chosen consent allows."""

    categories = forms.MultipleChoiceField(
        label="Information to include", widget=forms.CheckboxSelectMultiple
    )
    period_from = forms.DateField(label="Records from", widget=DateInput, required=False)
    period_to = forms.DateField(label="Records up to", widget=DateInput, required=False)
    purpose = forms.ChoiceField(label="Purpose of this disclosure", required=False)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ordered(consent.categories or [])
        self.fields["categories"].choices = [c for c in category_choices() if c[0] in allowed]
        self.fields["categories"].initial = allowed
        self.fields["period_from"].initial = consent.records_from
        self.fields["period_to"].initial = consent.records_to
        if consent.is_tpo:
            self.fields["purpose"].choices = [
                (v, label) for v, label in Purpose.choices if v in TPO_PURPOSES
            ]
            self.fields["purpose"].required = True
        else:
            self.fields["purpose"].choices = [(consent.purpose, consent.get_purpose_display())]
            self.fields["purpose"].widget = forms.HiddenInput()
            self.fields["purpose"].initial = consent.purpose

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", "The end is before the start.")
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data.get("period_from"), self.cleaned_data.get("period_to"))


class EmergencyForm(Form):
    recipient_name = forms.CharField(
        label="Medical personnel receiving the records", max_length=300, required=False
    )
    recipient_organization = forms.CharField(
        label="Their hospital, practice or service", max_length=200, required=False
    )
    reason = forms.CharField(
        label="The nature of the medical emergency",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label="Information to include",
        choices=category_choices(include_separate=False),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=["demographics", "diagnoses", "medications", "drug_screens"],
    )
    period_from = forms.DateField(label="Records from", widget=DateInput, required=False)
    period_to = forms.DateField(label="Records up to", widget=DateInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", "The end is before the start.")
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data.get("period_from"), self.cleaned_data.get("period_to"))


class ReviewForm(Form):
    note = forms.CharField(
        label="What the review found", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ExportForm(Form):
    reason = forms.CharField(
        label="Request",
        max_length=300,
        help_text="e.g. the client's written request of March 3.",
    )
