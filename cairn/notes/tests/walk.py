"""URL-walk registry (cairn/testing/urlwalk.py): ids of notes in another program."""

from cairn.notes.tests.factories import make_note

KWARG_OBJECTS = {
    "note_id": lambda cast: make_note(cast.foreign_client, cast.outsider, signed=True).pk,
}
