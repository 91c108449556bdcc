"""Small hand-made weeks for tests: `make_week(**overrides)` and session helpers.

The default week: Monday to Wednesday, one morning group slot (09-12) and one individual slot
(13-14) a day; one group room, one office; two clinicians; six clients who each need 6 hours on
2 days, one individual session and one relapse prevention group.
"""

import copy

DAYS = (("mon", "2027-01-04"), ("tue", "2027-01-05"), ("wed", "2027-01-06"))


def make_slots() -> list[dict]:
    slots = []
    for day, date in DAYS:
        slots.append(
            {"id": f"{day}-am", "kind": "group", "start": f"{date}T09:00", "end": f"{date}T12:00"}
        )
        slots.append(
            {
                "id": f"{day}-13",
                "kind": "individual",
                "start": f"{date}T13:00",
                "end": f"{date}T14:00",
            }
        )
    return slots


def make_client(ident: str, clinician: str = "s1", **overrides) -> dict:
    client = {
        "id": ident,
        "clinician": clinician,
        "min_hours": 6,
        "max_hours": 19,
        "min_days": 2,
        "max_days": 5,
        "individual_sessions": 1,
        "family_sessions": 0,
        "required_group_types": {"relapse_prevention": 1},
        "preferred_slots": [],
        "unavailable": [],
    }
    client.update(overrides)
    return client


def make_week(clients: int = 6, **overrides) -> dict:
    week = {
        "format": "cairn-schedule/1",
        "week_start": "2027-01-04",
        "slots": make_slots(),
        "rooms": [
            {"id": "group-a", "kinds": ["group"], "capacity": 12, "unavailable": []},
            {"id": "office-1", "kinds": ["individual", "family"], "capacity": 4, "unavailable": []},
            {"id": "office-2", "kinds": ["individual"], "capacity": 2, "unavailable": []},
        ],
        "group_types": [
            {"id": "process", "min_size": 3, "max_size": 12, "qualification": "group"},
            {"id": "relapse_prevention", "min_size": 3, "max_size": 12, "qualification": "group"},
        ],
        "staff": [
            {
                "id": "s1",
                "qualifications": ["group", "individual", "family"],
                "max_hours": 40,
                "unavailable": [],
            },
            {
                "id": "s2",
                "qualifications": ["group", "individual"],
                "max_hours": 40,
                "unavailable": [],
            },
        ],
        "clients": [make_client(f"c{i + 1}", "s1" if i % 2 == 0 else "s2") for i in range(clients)],
        "keep_apart": [],
        "pinned": [],
        "previous": None,
    }
    week.update(copy.deepcopy(overrides))
    return week


def group(slot: str, clients: list[str], *, room="group-a", staff="s1", kind="relapse_prevention"):
    return {
        "kind": "group",
        "slot": slot,
        "room": room,
        "staff": staff,
        "group_type": kind,
        "clients": clients,
    }


def one_to_one(slot: str, client: str, *, staff="s1", room="office-1", kind="individual"):
    return {"kind": kind, "slot": slot, "room": room, "staff": staff, "clients": [client]}


def solution(sessions: list[dict]) -> dict:
    return {"format": "cairn-schedule-solution/1", "status": "feasible", "sessions": sessions}


def valid_solution() -> dict:
    """A schedule for `make_week()` that breaks no hard constraint and meets every requirement."""
    everyone = [f"c{i}" for i in range(1, 7)]
    return solution(
        [
            group("mon-am", everyone, staff="s1", kind="relapse_prevention"),
            group("tue-am", everyone, staff="s2", kind="process"),
            one_to_one("mon-13", "c1", staff="s1", room="office-1"),
            one_to_one("mon-13", "c2", staff="s2", room="office-2"),
            one_to_one("tue-13", "c3", staff="s1", room="office-1"),
            one_to_one("tue-13", "c4", staff="s2", room="office-2"),
            one_to_one("wed-13", "c5", staff="s1", room="office-1"),
            one_to_one("wed-13", "c6", staff="s2", room="office-2"),
        ]
    )
