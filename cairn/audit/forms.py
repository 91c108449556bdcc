from django import forms

from cairn.core.forms import DateInput, Form


class AuditFilterForm(Form):
    user = forms.CharField(label="Staff member (username)", required=False, max_length=150)
    mrn = forms.CharField(label="Client record number", required=False, max_length=20)
    action = forms.CharField(
        label="Action", required=False, max_length=64, help_text="e.g. chart.view, note.sign, login"
    )
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end date is before the start date.")
        return cleaned
