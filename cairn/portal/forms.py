"""Portal forms (labels and errors translated: issue 11.8) and the staff invitation form."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cairn.core import forms as cairn_forms
from cairn.portal.suggestions import SECTIONS

YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class CheckInForm(cairn_forms.Form):
    mood = forms.TypedChoiceField(
        label=_("Mood today (1 = very low, 10 = great)"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": _("Choose your mood, from 1 to 10.")},
    )
    craving = forms.TypedChoiceField(
        label=_("Craving right now (0 = none, 10 = strongest)"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": _("Choose your craving, from 0 to 10.")},
    )
    sleep_hours = forms.DecimalField(
        label=_("Hours of sleep last night"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "required": _("Enter your hours of sleep, from 0 to 24."),
            "min_value": _("Hours of sleep are between 0 and 24."),
            "max_value": _("Hours of sleep are between 0 and 24."),
            "invalid": _("Enter a number of hours, like 7 or 6.5."),
        },
    )
    used = forms.ChoiceField(
        label=_("Did you use alcohol or any drug since your last check-in?"),
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": _("Answer yes or no.")},
    )
    substances = forms.CharField(label=_("If yes, which?"), required=False, max_length=200)
    triggers = forms.MultipleChoiceField(
        label=_("Triggers you met today"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trigger_other = forms.CharField(label=_("Another trigger"), required=False, max_length=300)
    coping_used = forms.MultipleChoiceField(
        label=_("What helped you cope?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    coping = forms.CharField(label=_("Something else that helped"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, plan_triggers=(), plan_coping=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["triggers"].choices = [(t, t) for t in plan_triggers]
        self.fields["coping_used"].choices = [(c, c) for c in plan_coping]
        if not plan_triggers:
            del self.fields["triggers"]
        if not plan_coping:
            del self.fields["coping_used"]
            self.fields["coping"].label = _("What helped you cope?")

    def clean(self):
        data = super().clean()
        if data.get("used") == "yes" and not (data.get("substances") or "").strip():
            self.add_error("substances", _("Say which, so your team can help."))
        return data

    def record_data(self) -> dict:
        data = self.cleaned_data
        used = data["used"] == "yes"
        return {
            "mood": data["mood"],
            "craving": data["craving"],
            "sleep_hours": data["sleep_hours"],
            "used_substance": used,
            "substances": data.get("substances", "").strip() if used else "",
            "triggers": data.get("triggers", []),
            "trigger_other": data.get("trigger_other", "").strip(),
            "coping": "; ".join(
                [*data.get("coping_used", []), data.get("coping", "").strip()]
            ).strip("; ")[:300],
            "note": data.get("note", "").strip(),
        }


class SuggestionForm(cairn_forms.Form):
    section = forms.ChoiceField(
        label=_("Part of the plan"),
        choices=[("", _("Choose…")), *SECTIONS.items()],
        error_messages={"required": _("Choose a part of the plan.")},
    )
    text = forms.CharField(
        label=_("What would you add or change?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write your suggestion.")},
    )


class JoinForm(cairn_forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("12 letters and numbers, like ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the code from your invitation.")},
    )
    username = forms.CharField(
        label=_("Choose a user name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": _("Choose a user name.")},
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class InviteForm(cairn_forms.Form):
    """Staff: invite the client, or a family member or support person from the contacts."""

    who = forms.ChoiceField(label="Who")
    email = forms.EmailField(
        label="Email the link to (optional)",
        required=False,
        help_text="Leave empty to show the code on screen and hand it over in person.",
    )

    def __init__(self, *args, contacts=(), client_has_login=False, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [] if client_has_login else [("client", "The client")]
        self.fields["who"].choices = [
            *offered,
            *[(f"contact:{c.pk}", f"{c.name} ({c.relationship})") for c in contacts],
        ]


class DecideForm(cairn_forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    reply = forms.CharField(label="Reply to the client (optional)", required=False, max_length=300)
