"""URL-walk registry: attendance URLs take ``session_id`` (scheduling/tests/walk.py),
``client_id`` (testing/urlwalk.py) and ``alert_id`` (an attendance alert of the other
program's client)."""

from cairn.worklist.operations import raise_alert

KWARG_OBJECTS = {
    "alert_id": lambda cast: (
        raise_alert(
            client=cast.foreign_client, kind="attendance", message="walk", source="walk:attendance"
        ).pk
    ),
}
