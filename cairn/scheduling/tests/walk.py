"""URL-walk registry (cairn/testing/urlwalk.py): ids of scheduling objects in another program."""

from cairn.testing.sessions import make_session

KWARG_OBJECTS = {
    "session_id": lambda cast: (
        make_session(cast.other_program, cast.outsider, clients=[cast.foreign_client]).pk
    ),
}
