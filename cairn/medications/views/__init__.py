"""Thin views: parse, authorize through the door, call one operation, render."""

from django.core.exceptions import ValidationError


def submit(form, operation):
    """Run ``operation()`` when the form is valid; a refusal becomes field errors on the form.
    Returns the operation's result, or None when nothing was saved."""
    if not form.is_valid():
        return None
    try:
        return operation()
    except ValidationError as error:
        form.add_error(None, error)
        return None
