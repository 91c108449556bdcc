"""Forms for notes. Sections are built from the note catalog (data), one labelled field each."""

import re
from datetime import datetime

from django import forms
from django.utils import timezone

from cairn.core.forms import DateInput, Form, TimeInput
from cairn.homework.queries import citable_for_note
from cairn.notes.catalog import GROUP, catalog, modality_choices
from cairn.notes.models import Mode
from cairn.plans.links import objectives_to_address

TEXT_LIMIT = 20_000
_MEMBER_FIELD = re.compile(r"^m(\d+)-")


def _text_field(key: str, *, label: str | None = None, rows: int = 4) -> forms.CharField:
    section = catalog().sections[key]
    return forms.CharField(
        label=label or section.label,
        help_text=section.help,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


class ServiceForm(Form):
    """When, where and how the service happened; the lock counter for optimistic locking."""

    service_date = forms.DateField(label="Service date", widget=DateInput())
    start_time = forms.TimeField(label="Start", widget=TimeInput())
    end_time = forms.TimeField(label="End", widget=TimeInput())
    mode = forms.ChoiceField(
        label="Where",
        choices=Mode.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        initial=Mode.IN_PERSON,
    )
    location = forms.CharField(
        label="Location or telehealth platform", required=False, max_length=200
    )
    modalities = forms.MultipleChoiceField(
        label="Modality used",
        choices=modality_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "modality-list"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, record, **kwargs):
        tz = record.program.tz
        initial = {
            "service_date": record.service_date,
            "start_time": timezone.localtime(record.starts_at, tz).time(),
            "end_time": timezone.localtime(record.ends_at, tz).time(),
            "mode": record.mode,
            "location": record.location,
            "modalities": record.modalities,
            "version": record.version,
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.record = record
        self.tz = tz
        self.fields["version"].widget.attrs["id"] = "id_version"

    def clean(self):
        data = super().clean()
        day, start, end = data.get("service_date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            starts_at = datetime.combine(day, start, tzinfo=self.tz)
            ends_at = datetime.combine(day, end, tzinfo=self.tz)
            if ends_at <= starts_at:
                self.add_error("end_time", "The end time must be after the start time.")
            else:
                data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def service_data(self) -> dict:
        """The service fields that are valid (an autosave keeps the text even when a time is
        wrong; a submitted form must be wholly valid)."""
        data = self.cleaned_data
        found = {k: data[k] for k in ("mode", "location") if k in data}
        if "modalities" in data:
            found["modalities"] = list(data["modalities"])
        if "starts_at" in data:
            found.update(
                service_date=data["service_date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        return found


class NoteForm(ServiceForm):
    """A client's note: the service, then one field per section of its format."""

    # Declared here (not added in __init__) so the shared form styling reaches it; removed when
    # the client has no plan in force.
    objectives = forms.MultipleChoiceField(
        label="Treatment-plan objectives this session addressed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the client's current treatment plan.",
    )
    homework = forms.MultipleChoiceField(
        label="Homework this note cites",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The client's completed homework (Homework tab).",
    )

    def __init__(self, *args, note, **kwargs):
        self.keys = catalog().section_keys(note.note_type, note.format)
        initial = {f"s-{k}": note.sections.get(k, "") for k in self.keys}
        objectives = objectives_to_address(note.client)
        if objectives:
            initial["objectives"] = [str(pk) for pk in note.addressed_objectives_ids()]
        homework = list(citable_for_note(note.client))
        if homework:
            initial["homework"] = [str(pk) for pk in note.cited_homework_ids()]
        super().__init__(*args, record=note, initial=initial, **kwargs)
        for key in self.keys:
            self.fields[f"s-{key}"] = _text_field(key, rows=5)
        if objectives:
            self.fields["objectives"].choices = [
                (str(o.pk), f"{o.goal.statement} — {o.text}") for o in objectives
            ]
        else:
            del self.fields["objectives"]
        if homework:
            self.fields["homework"].choices = [
                (str(a.pk), f"{a.title} — {a.submitted_at:%b %-d, %Y}") for a in homework
            ]
        else:
            del self.fields["homework"]

    def objective_data(self) -> dict:
        """The chosen objectives (when the client has a plan in force) and cited homework."""
        data = {}
        if "homework" in self.fields and "homework" in self.cleaned_data:
            data["homework"] = sorted(int(pk) for pk in self.cleaned_data["homework"])
        if "objectives" not in self.fields or "objectives" not in self.cleaned_data:
            return data
        return {**data, "objectives": sorted(int(pk) for pk in self.cleaned_data["objectives"])}

    def section_fields(self):
        return [self[f"s-{key}"] for key in self.keys]

    def sections(self) -> dict[str, str]:
        return {k: self.cleaned_data[f"s-{k}"] for k in self.keys if f"s-{k}" in self.cleaned_data}


class GroupNoteForm(ServiceForm):
    """The group note screen: the shared part once, then each member's part."""

    def __init__(self, *args, group_note, entries, **kwargs):
        layout = group_note.layout
        self.shared_keys, self.member_keys, self.entries = layout.shared, layout.member, entries
        initial = {f"shared-{k}": group_note.shared_sections.get(k, "") for k in layout.shared}
        for entry in entries:
            initial[f"m{entry.client_id}-present"] = entry.present
            for key in layout.member:
                initial[f"m{entry.client_id}-{key}"] = entry.sections.get(key, "")
        super().__init__(*args, record=group_note, initial=initial, **kwargs)
        for key in layout.shared:
            self.fields[f"shared-{key}"] = _text_field(key, rows=3)
        for entry in entries:
            name = entry.client.display_name
            self.fields[f"m{entry.client_id}-present"] = forms.BooleanField(
                label=f"{name} was present",
                required=False,
                widget=forms.CheckboxInput(attrs={"data-present": "", "class": "form-check-input"}),
            )
            for key in layout.member:
                field = _text_field(key, rows=3)
                field.help_text = ""  # the guide above the members explains each section
                self.fields[f"m{entry.client_id}-{key}"] = field

    def clean(self):
        data = super().clean()
        known = {str(e.client_id) for e in self.entries}
        strangers = {m.group(1) for k in self.data for m in [_MEMBER_FIELD.match(k)] if m} - known
        if strangers:
            raise forms.ValidationError(
                "The form names a client who isn't in this session. Reload the page and try again."
            )
        return data

    def shared_fields(self):
        return [self[f"shared-{key}"] for key in self.shared_keys]

    def member_guide(self):
        sections = catalog().sections
        return [(sections[key].label, sections[key].help) for key in self.member_keys]

    def member_blocks(self):
        return [
            {
                "entry": entry,
                "present": self[f"m{entry.client_id}-present"],
                "fields": [self[f"m{entry.client_id}-{key}"] for key in self.member_keys],
            }
            for entry in self.entries
        ]

    def shared(self) -> dict[str, str]:
        data = self.cleaned_data
        return {k: data[f"shared-{k}"] for k in self.shared_keys if f"shared-{k}" in data}

    def members(self) -> dict[int, dict]:
        data = self.cleaned_data
        found = {}
        for entry in self.entries:
            prefix = f"m{entry.client_id}-"
            found[entry.client_id] = {
                "present": data.get(f"{prefix}present", False),
                "sections": {
                    k: data[f"{prefix}{k}"] for k in self.member_keys if f"{prefix}{k}" in data
                },
            }
        return found


class NoteStartForm(Form):
    note_type = forms.ChoiceField(label="Type of note")
    format = forms.ChoiceField(
        label="Format",
        required=False,
        help_text="Leave as is for the program's usual format for this type of note.",
    )
    session = forms.ModelChoiceField(
        label="Session documented",
        queryset=None,
        required=False,
        empty_label="No scheduled session (a call, a crisis, case management)",
        error_messages={
            "invalid_choice": "This client isn't in that session. Pick one of the sessions listed."
        },
    )
    start_from_last_plan = forms.BooleanField(
        label="Start the plan from the last note's plan", required=False
    )

    def __init__(self, *args, sessions, tz, **kwargs):
        super().__init__(*args, **kwargs)
        types = catalog().note_types
        self.fields["note_type"].choices = [(c, t.label) for c, t in types.items() if c != GROUP]
        self.fields["format"].choices = [("", "The usual for this type"), *_formats()]
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at, tz):%a %b %-d, %H:%M} — {s.label}"
        )

    def clean(self):
        data = super().clean()
        note_type, fmt = data.get("note_type"), data.get("format")
        if note_type and fmt and fmt not in catalog().note_types[note_type].formats:
            allowed = ", ".join(catalog().note_types[note_type].formats)
            self.add_error(
                "format", f"A {note_type.replace('_', ' ')} note is written as {allowed}."
            )
        return data


def _formats():
    return [(f.code, f.label) for f in catalog().formats.values()]


class GroupStartForm(Form):
    format = forms.ChoiceField(label="Format")
    start_from_last_plan = forms.BooleanField(
        label="Start each member's plan from their last note's plan", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = catalog().note_types[GROUP].formats
        self.fields["format"].choices = [
            (f.code, f.label) for f in catalog().formats.values() if f.code in allowed
        ]


class SignForm(Form):
    secret = forms.CharField(
        label="Your password or a code from your authenticator app",
        help_text="Signing locks the note. Later corrections are addenda.",
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password or a code to sign."},
    )

    def __init__(self, *args, form_id: str = "", **kwargs):
        """``form_id``: the note form this field belongs to while sitting outside it (typing
        the password must not trigger the note's autosave)."""
        super().__init__(*args, **kwargs)
        if form_id:
            self.fields["secret"].widget.attrs["form"] = form_id


class AddendumForm(Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="e.g. correction of the session time, late entry, clarification",
    )
    text = forms.CharField(
        label="Addendum", max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )


class GroupAddendumForm(AddendumForm):
    target = forms.ChoiceField(label="Add to")

    def __init__(self, *args, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("all", "Every member's note (the shared part)")] + [
            (str(n.client_id), f"{n.client.display_name}'s note only") for n in notes
        ]
        self.order_fields(["target", "reason", "text"])

    def client_id(self) -> int | None:
        target = self.cleaned_data["target"]
        return None if target == "all" else int(target)


class CounselingNoteForm(Form):
    service_date = forms.DateField(label="Session date", widget=DateInput())
    session = forms.ModelChoiceField(
        label="Session",
        queryset=None,
        required=False,
        empty_label="Not tied to a scheduled session",
        error_messages={"invalid_choice": "This client isn't in that session."},
    )
    text = forms.CharField(
        label="Counseling note",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Your analysis of the conversation. Medications, times, modalities, test "
        "results, diagnosis, functional status, plan, symptoms, prognosis and progress belong "
        "in the progress note, not here.",
    )

    def __init__(self, *args, sessions, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at, tz):%a %b %-d, %H:%M} — {s.label}"
        )
