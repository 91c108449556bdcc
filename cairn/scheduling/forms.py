"""Forms of the scheduling pages. Field-level errors in plain words; models validate too."""

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError

from cairn.accounts.models import User
from cairn.core.forms import DateInput, DateTimeInput, Form, ModelForm, TimeInput
from cairn.core.models import Track, Weekday
from cairn.scheduling.catalog import qualification_choices
from cairn.scheduling.models import (
    ClientScheduleNeeds,
    ClientUnavailability,
    GroupType,
    KeepApart,
    Room,
    RoomClosure,
    ScheduleSettings,
    Session,
    SessionKind,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)

_WEEKDAYS = [(day.value, day.label) for day in Weekday]
_ROOM_KINDS = list(SessionKind.choices)


class _Days(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", _WEEKDAYS)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"inline": True}))
        super().__init__(**kwargs)


class TrackForm(ModelForm):
    days = _Days(label="Days it meets")

    class Meta:
        model = Track
        fields = ["name", "code", "days", "start_time", "end_time", "active"]
        widgets = {"start_time": TimeInput, "end_time": TimeInput}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = Track.objects.filter(program=self.instance.program, code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another track already uses this code.")
        return code


class GroupTypeForm(ModelForm):
    class Meta:
        model = GroupType
        fields = [
            "name",
            "code",
            "description",
            "min_size",
            "max_size",
            "qualification",
            "required_per_week",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.fields["qualification"].widget.attrs["list"] = "qualification-codes"
        self.qualification_choices = qualification_choices(program)

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = GroupType.objects.filter(program=self.instance.program, code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another group type already uses this code.")
        return code

    def clean(self):
        data = super().clean()
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("min_size", "The smallest size cannot be larger than the largest.")
        if low == 0:
            self.add_error("min_size", "A group needs at least one client.")
        return data


class RoomForm(ModelForm):
    kinds = forms.MultipleChoiceField(
        label="Suits these sessions",
        choices=_ROOM_KINDS,
        widget=forms.CheckboxSelectMultiple(attrs={"inline": True}),
    )

    class Meta:
        model = Room
        fields = ["name", "kinds", "capacity", "active"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = Room.objects.filter(program=self.instance.program, name=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another room already has this name.")
        return name

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise ValidationError("A room holds at least one person.")
        return capacity


class RoomClosureForm(ModelForm):
    class Meta:
        model = RoomClosure
        fields = ["starts_at", "ends_at", "reason"]
        labels = {"starts_at": "Closed from", "ends_at": "Closed until"}
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput}

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "The closure must end after it starts.")
        return data


class ScheduleSettingsForm(ModelForm):
    individual_days = _Days(label="Days with individual and family sessions")

    class Meta:
        model = ScheduleSettings
        exclude = ["program"]
        widgets = {"individual_from": TimeInput, "individual_until": TimeInput}


class StaffProfileForm(ModelForm):
    qualifications = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = StaffProfile
        fields = ["qualifications", "max_hours", "schedulable"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualifications"].choices = qualification_choices(program)


class StaffHoursForm(ModelForm):
    class Meta:
        model = StaffAvailability
        fields = ["weekday", "start_time", "end_time"]
        labels = {"start_time": "From", "end_time": "Until"}
        widgets = {"start_time": TimeInput, "end_time": TimeInput}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The hours must end after they start.")
        return data


class StaffTimeOffForm(ModelForm):
    class Meta:
        model = StaffTimeOff
        fields = ["starts_on", "ends_on", "start_time", "end_time", "reason"]
        labels = {
            "starts_on": "First day",
            "ends_on": "Last day",
            "start_time": "From (leave empty for whole days)",
            "end_time": "Until",
        }
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
        }

    def clean(self):
        data = super().clean()
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", "The last day cannot be before the first.")
        start, end = data.get("start_time"), data.get("end_time")
        if (start is None) != (end is None):
            self.add_error("end_time", "Give both times, or neither for whole days.")
        elif start and end and end <= start:
            self.add_error("end_time", "The end must be after the start.")
        return data


class ClientUnavailabilityForm(ModelForm):
    class Meta:
        model = ClientUnavailability
        fields = ["kind", "weekday", "starts_on", "ends_on", "start_time", "end_time"]
        fields += ["reason", "note"]
        labels = {
            "kind": "How often",
            "weekday": "Day of the week (every week)",
            "starts_on": "From date",
            "ends_on": "Until date",
            "start_time": "From (leave empty for the whole day)",
            "end_time": "Until",
        }
        help_texts = {
            "starts_on": "Every week: optional first date. On dates: the first date.",
            "note": "Short and factual, e.g. “shift at the warehouse”.",
        }
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == ClientUnavailability.Kind.DATED and data.get("starts_on"):
            data["ends_on"] = data.get("ends_on") or data["starts_on"]
            self.instance.ends_on = data["ends_on"]
        return data


class ClientNeedsForm(ModelForm):
    class Meta:
        model = ClientScheduleNeeds
        fields = ["individual_sessions", "family_sessions", "min_days", "max_days", "max_hours"]


class KeepApartForm(Form):
    first = forms.CharField(label="First client's record number", max_length=20)
    second = forms.CharField(label="Second client's record number", max_length=20)
    reason = forms.ChoiceField(choices=KeepApart.Reason.choices)
    note = forms.CharField(
        required=False, max_length=200, help_text="Short and factual; no clinical detail."
    )

    def __init__(self, *args, clients, **kwargs):
        """``clients``: the queryset of clients the user may schedule (from the door)."""
        super().__init__(*args, **kwargs)
        self.clients = clients

    def _client(self, name):
        mrn = self.cleaned_data[name].strip()
        client = self.clients.filter(mrn=mrn).first()
        if client is None:
            raise ValidationError(f"No active client with record number {mrn} in this program.")
        return client

    def clean_first(self):
        return self._client("first")

    def clean_second(self):
        return self._client("second")

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", "Pick two different clients.")
        return data


class SessionForm(Form):
    kind = forms.ChoiceField(choices=SessionKind.choices)
    group_type = forms.ModelChoiceField(
        queryset=GroupType.objects.none(), required=False, help_text="For group sessions."
    )
    title = forms.CharField(required=False, max_length=200, help_text="Optional.")
    day = forms.DateField(widget=DateInput)
    start = forms.TimeField(widget=TimeInput)
    end = forms.TimeField(widget=TimeInput)
    facilitator = forms.ModelChoiceField(queryset=User.objects.none())
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False)
    track = forms.ModelChoiceField(queryset=Track.objects.none(), required=False)
    mode = forms.ChoiceField(choices=Session.Mode.choices, initial=Session.Mode.IN_PERSON)
    telehealth_url = forms.URLField(label="Telehealth link", required=False, assume_scheme="https")
    clients = forms.CharField(
        label="Clients' record numbers",
        required=False,
        help_text="Separated by commas. You can add more on the session's page.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, program, clients=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.client_scope = clients
        self.fields["group_type"].queryset = GroupType.objects.filter(program=program, active=True)
        self.fields["room"].queryset = Room.objects.filter(program=program, active=True)
        self.fields["track"].queryset = Track.objects.filter(program=program, active=True)
        self.fields["facilitator"].queryset = (
            User.objects.filter(
                kind=User.Kind.STAFF,
                is_active=True,
                role_assignments__program=program,
                role_assignments__role__in=["clinician", "supervisor", "director", "prescriber"],
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        if editing:
            del self.fields["clients"]

    def clean_clients(self):
        text = self.cleaned_data.get("clients", "")
        mrns = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        found = {c.mrn: c for c in self.client_scope.filter(mrn__in=mrns)} if mrns else {}
        missing = [mrn for mrn in mrns if mrn not in found]
        if missing:
            raise ValidationError(
                f"No active client in this program with record number {', '.join(missing)}."
            )
        return [found[mrn].pk for mrn in dict.fromkeys(mrns)]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == SessionKind.GROUP and not data.get("group_type"):
            self.add_error("group_type", "Pick the kind of group.")
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "The session must end after it starts.")
        mode = data.get("mode")
        if mode == Session.Mode.TELEHEALTH and not data.get("telehealth_url"):
            self.add_error("telehealth_url", "Give the link clients use to join.")
        if mode == Session.Mode.IN_PERSON and not data.get("room"):
            self.add_error("room", "Pick a room for an in-person session.")
        clients = data.get("clients") or []
        if kind in (SessionKind.INDIVIDUAL, SessionKind.FAMILY) and len(clients) > 1:
            self.add_error("clients", "Individual and family sessions are for one client.")
        return data

    def times(self) -> tuple[datetime, datetime]:
        data, tz = self.cleaned_data, self.program.tz
        start = datetime.combine(data["day"], data["start"], tzinfo=tz)
        end = datetime.combine(data["day"], data["end"], tzinfo=tz)
        return start, end if end > start else end + timedelta(days=1)


class CancelForm(Form):
    reason = forms.CharField(label="Why is it cancelled?", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
