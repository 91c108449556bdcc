from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Credential, User
from cairn.accounts.roles import Role
from cairn.core.forms import DateInput, Form, ModelForm, StyledMixin
from cairn.core.models import Program


class LoginForm(StyledMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That username and password don't match. Check them and try again — after "
            "several wrong tries the account is locked for a while."
        ),
        "inactive": _("This account has been turned off. Ask your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class TokenForm(Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return token


class CairnPasswordChangeForm(StyledMixin, PasswordChangeForm):
    pass


class CairnSetPasswordForm(StyledMixin, SetPasswordForm):
    pass


class ProgramChoiceForm(Form):
    program = forms.ModelChoiceField(queryset=Program.objects.none(), empty_label=None)

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs


class BreakGlassForm(Form):
    mrn = forms.CharField(label="Client record number", max_length=20)
    reason = forms.CharField(
        label="Why do you need this chart now?",
        min_length=15,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your reason, the time and everything you open are recorded and reviewed by "
        "the program director.",
    )
    confirm = forms.BooleanField(
        label="I understand this access is recorded and reviewed, and is for an emergency only."
    )


class BreakGlassReviewForm(Form):
    note = forms.CharField(
        label="Review note",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. 'Appropriate: covering on-call clinician during a crisis call.'",
    )


class StaffUserForm(ModelForm):
    """An administrator creates or edits a staff account (never a client's)."""

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "credentials_suffix",
            "prelicensed",
            "supervisor",
            "is_active",
        ]

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].required = True
        self.fields["supervisor"].queryset = (
            User.objects.filter(
                kind=User.Kind.STAFF,
                role_assignments__role=Role.SUPERVISOR,
                role_assignments__program__in=programs,
            )
            .exclude(pk=self.instance.pk)
            .distinct()
        )
        self.fields[
            "is_active"
        ].help_text = (
            "Turn off to end access. Accounts are never deleted: the record of their work stays."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prelicensed") and not cleaned.get("supervisor"):
            self.add_error("supervisor", "A pre-licensed clinician needs a supervisor.")
        return cleaned


class RolesForm(Form):
    """One multiple-choice field of roles per program the administrator manages."""

    def __init__(self, *args, programs, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = list(programs)
        current = {}
        if user is not None and user.pk:
            for assignment in user.role_assignments.all():
                current.setdefault(assignment.program_id, []).append(assignment.role)
        for program in self.programs:
            self.fields[f"roles_{program.pk}"] = forms.MultipleChoiceField(
                label=f"Roles in {program.name}",
                choices=Role.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=current.get(program.pk, []),
            )

    def roles_by_program(self) -> dict[int, set[str]]:
        return {p.pk: set(self.cleaned_data.get(f"roles_{p.pk}", [])) for p in self.programs}

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"roles_{p.pk}") for p in self.programs):
            raise forms.ValidationError("Give the person at least one role in one program.")
        return cleaned


class InitialPasswordForm(Form):
    password = forms.CharField(
        label="Temporary password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Tell the person in person or by phone; they change it "
        "after signing in.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password


class CredentialForm(ModelForm):
    class Meta:
        model = Credential
        fields = ["license_type", "number", "state", "issued_on", "expires_on"]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def clean_state(self):
        return self.cleaned_data["state"].upper()
