"""URL-walk registry (cairn/testing/urlwalk.py): ids of assessment objects in another program."""

from cairn.testing.factories import make_administration
from cairn.worklist.operations import raise_alert


def _administration(cast):
    return make_administration(cast.foreign_client, by=cast.outsider).pk


def _safety_alert(cast):
    alert = raise_alert(
        client=cast.foreign_client, kind="safety", message="walk", severity="urgent"
    )
    return alert.pk


KWARG_OBJECTS = {
    "administration_id": _administration,
    "alert_id": _safety_alert,
}
