"""Radio buttons and checkbox lists laid out the Bootstrap way (``form-check``), one input and
its label per choice, inline when the choices are short (yes/no, ratings 0–4).

The class names match Django's so the shared form styling (``core.forms.StyledMixin``) gives
the inputs their ``form-check-input`` class."""

from django import forms


class _ChoiceList:
    template_name = "admissions/widgets/choices.html"
    option_template_name = "django/forms/widgets/input.html"

    def __init__(self, attrs=None, choices=(), *, inline: bool = False):
        super().__init__(attrs, choices)
        self.inline = inline

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["inline"] = self.inline
        return context


class RadioSelect(_ChoiceList, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(_ChoiceList, forms.CheckboxSelectMultiple):
    pass
