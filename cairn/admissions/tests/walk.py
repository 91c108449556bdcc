"""URL-walk registry (cairn/testing/urlwalk.py): an inquiry of another program."""

from cairn.testing.factories import make_inquiry

KWARG_OBJECTS = {
    "inquiry_id": lambda cast: make_inquiry(cast.other_program).pk,
}
