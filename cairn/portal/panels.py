"""What the portal home shows, each a function of the door-authorized client (issue 11.2)."""

from django.utils import timezone

from cairn.plans.links import latest_relapse_plan
from cairn.portal.checkins import today_for
from cairn.scheduling.clientdata import booked_sessions


def next_sessions(client, *, kind: str | None = None, limit: int = 5):
    sessions = booked_sessions(client).filter(starts_at__gte=timezone.now(), status="scheduled")
    if kind:
        sessions = sessions.filter(kind=kind)
    return list(sessions.select_related("group_type", "room").order_by("starts_at")[:limit])


def todays_checkin(client):
    return client.portal_checkins.filter(day=today_for(client)).first()


def current_plan(client):
    """The plan the client lives by: the active version, else the latest signed by the
    clinician (waiting for the client's signature)."""
    return latest_relapse_plan(client)


def plan_triggers(version) -> list[str]:
    if version is None:
        return []
    seen: list[str] = []
    for _label, items in version.triggers:
        seen += [item for item in items if item not in seen]
    return seen


def plan_coping(version) -> list[str]:
    if version is None:
        return []
    return [*version.coping_skill_names, *version.coping_other]
