from datetime import timedelta

from cairn.portal.checkins import today_for
from cairn.portal.models import CheckIn


def checkin_post(**overrides) -> dict:
    data = {
        "mood": "6",
        "craving": "3",
        "sleep_hours": "7.5",
        "used": "no",
        "substances": "",
        "trigger_other": "",
        "coping": "Called my sponsor",
        "note": "",
    }
    data.update(overrides)
    return data


def make_checkin(client, days_ago: int = 0, **overrides) -> CheckIn:
    values = {
        "client": client,
        "day": today_for(client) - timedelta(days=days_ago),
        "mood": 6,
        "craving": 3,
        "sleep_hours": 7,
        "used_substance": False,
    }
    values.update(overrides)
    return CheckIn.objects.create(**values)
