"""Form base classes: every field labelled, help and errors tied to their field (Django 5.2
renders ``aria-describedby`` and ``aria-invalid``), Bootstrap classes on every widget."""

from django import forms
from django.forms.renderers import DjangoTemplates

#: Lists of radio buttons or checkboxes: the class belongs on each input, not on the list's
#: wrapper (which is where Django puts widget attrs), so they get their own templates.
_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)

_WIDGET_CLASSES = {
    "checkbox": "form-check-input",
    "select": "form-select",
    "selectmultiple": "form-select",
    "nullbooleanselect": "form-select",
    "clearablefile": "form-control",
    "file": "form-control",
    "range": "form-range",
}


class CairnRenderer(DjangoTemplates):
    form_template_name = "core/forms/div.html"
    field_template_name = "core/forms/field.html"


class StyledMixin:
    """Adds the framework's classes to widgets and drops the label colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, _CHOICE_LISTS):
                if widget.template_name.startswith("django/"):
                    widget.template_name = "core/forms/choices.html"
                    widget.option_template_name = "core/forms/choice_option.html"
                continue
            kind = widget.__class__.__name__.lower().removesuffix("input")
            css = _WIDGET_CLASSES.get(kind, "form-control")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class Form(StyledMixin, forms.Form):
    pass


class ModelForm(StyledMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
