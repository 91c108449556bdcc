"""A deterministic generator of realistic IOP weeks, for tests and benchmarks.

The shape follows common IOP practice (ASAM level 2.1): adults 9-19 hours a week, adolescents
at least 6, on 3-5 days; three-hour group blocks (09-12, 13-16, 18-21) Monday to Friday;
one-hour individual slots in the gaps (08, 12, 16, 17) so a client's slots never overlap;
one individual session a week with the client's own clinician, some family sessions, and
relapse prevention for everyone. Working clients and adolescents (school) can only come late,
so clinicians are matched at intake to clients whose free hours they share.
"""

import functools
import random
from datetime import date, datetime, timedelta

from .instance import FORMAT

WEEK_START = date(2027, 1, 4)  # a Monday
DAYS = ("mon", "tue", "wed", "thu", "fri")
GROUP_BLOCKS = {"am": (9, 12), "pm": (13, 16), "eve": (18, 21)}
INDIVIDUAL_HOURS = (8, 12, 16, 17)
# (id, min_size, max_size, qualification)
GROUP_TYPES = (
    ("relapse_prevention", 3, 12, "group"),
    ("process", 3, 12, "group"),
    ("cbt_skills", 4, 10, "group"),
    ("dbt_skills", 4, 10, "group"),
    ("psychoeducation", 3, 14, "group"),
    ("mindfulness", 3, 12, "group"),
    ("family_education", 3, 14, "group"),
    ("anger_management", 3, 10, "group"),
    ("seeking_safety", 3, 10, "trauma"),
    ("trauma_recovery", 3, 10, "trauma"),
)
SKILL_TYPES = ("cbt_skills", "dbt_skills", "anger_management", "psychoeducation")
# Slots each client profile cannot attend on a working/school day (time-overlap included).
BLOCKED_BY = {
    "office_job": ("am", "pm", "08", "12", "16"),  # 9 to 5
    "early_shift": ("08", "am", "12", "pm"),  # 6 to 2
    "adolescent": ("08", "am", "12", "pm"),  # school until 3
}


def generate(clients: int = 300, staff: int = 40, seed: int = 1, *, rooms: float = 1.0) -> dict:
    """Return an instance document with the given numbers of clients and staff.

    `rooms` scales the number of group rooms and offices: below 1 the program is short of
    space, and some requirements become impossible (a harder stage 1 for the solver).
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    slots = _slots()
    staff_list = [_staff_member(rng, i) for i in range(staff)]
    _ensure_qualifications(staff_list)
    client_list = [_client(rng, i) for i in range(clients)]
    _assign_clinicians(client_list, staff_list)
    room_list = _rooms(rng, clients, staff_list, rooms)
    keep_apart = _keep_apart(rng, client_list)
    pinned = _pinned(rng, client_list, staff_list, room_list, keep_apart)
    for client in client_list:
        client.pop("_profile")
    return {
        "format": FORMAT,
        "week_start": WEEK_START.isoformat(),
        "slots": slots,
        "rooms": room_list,
        "group_types": [
            {"id": t, "min_size": lo, "max_size": hi, "qualification": q}
            for t, lo, hi, q in GROUP_TYPES
        ],
        "staff": staff_list,
        "clients": client_list,
        "keep_apart": keep_apart,
        "pinned": pinned,
        "previous": None,
    }


def group_slot_ids() -> list[str]:
    return [f"{day}-{block}" for day in DAYS for block in GROUP_BLOCKS]


def individual_slot_ids() -> list[str]:
    return [f"{day}-{hour:02d}" for day in DAYS for hour in INDIVIDUAL_HOURS]


@functools.cache
def _slot_order() -> dict[str, int]:
    return {s["id"]: i for i, s in enumerate(_slots())}


def _slots() -> list[dict]:
    slots = []
    for offset, day in enumerate(DAYS):
        midnight = datetime.combine(WEEK_START + timedelta(days=offset), datetime.min.time())
        for block, (start, end) in GROUP_BLOCKS.items():
            slots.append(_slot(f"{day}-{block}", "group", midnight, start, end))
        for hour in INDIVIDUAL_HOURS:
            slots.append(_slot(f"{day}-{hour:02d}", "individual", midnight, hour, hour + 1))
    return slots


def _slot(ident: str, kind: str, midnight: datetime, start: int, end: int) -> dict:
    def at(hour: int) -> str:
        return (midnight + timedelta(hours=hour)).strftime("%Y-%m-%dT%H:%M")

    return {"id": ident, "kind": kind, "start": at(start), "end": at(end)}


def _staff_member(rng: random.Random, index: int) -> dict:
    """Four in five staff are clinicians; shifts decide who can run evening groups."""
    clinician = rng.random() < 0.8
    quals = ["group"] if not clinician or rng.random() < 0.9 else []
    if clinician:
        quals.append("individual")
        if rng.random() < 0.55:
            quals.append("family")
    if rng.random() < (0.25 if clinician else 0.3):
        quals.append("trauma")
    shift = rng.choices(("day", "late", "full"), weights=(45, 40, 15))[0]
    blocked = {"day": ("eve", "17"), "late": ("am", "08"), "full": ()}[shift]
    unavailable = [f"{day}-{b}" for day in DAYS for b in blocked]
    if rng.random() < 0.2:  # part-time: one weekday off
        day = rng.choice(DAYS)
        unavailable += [s for s in _day_slots(day) if s not in unavailable]
    return {
        "id": f"s{index + 1}",
        "qualifications": quals,
        "max_hours": rng.choice((32, 36, 40)),
        "unavailable": unavailable,
    }


def _ensure_qualifications(staff: list[dict]) -> None:
    """Small programs still have someone for every group qualification and a clinician."""
    for qual in ("group", "individual", "trauma"):
        if staff and not any(qual in s["qualifications"] for s in staff):
            staff[0]["qualifications"].append(qual)


def _day_slots(day: str) -> list[str]:
    return [f"{day}-{b}" for b in GROUP_BLOCKS] + [f"{day}-{h:02d}" for h in INDIVIDUAL_HOURS]


def _client(rng: random.Random, index: int) -> dict:
    profile = rng.choices(
        ("adolescent", "office_job", "early_shift", "standard"), weights=(15, 18, 9, 58)
    )[0]
    adolescent = profile == "adolescent"
    unavailable = _client_unavailable(rng, profile)
    required = {"relapse_prevention": 1}
    if rng.random() < 0.4:
        required[rng.choice(SKILL_TYPES)] = 1
    if rng.random() < 0.15:
        required["seeking_safety"] = 1
    free_groups = [s for s in group_slot_ids() if s not in unavailable]
    preferred = rng.sample(free_groups, min(len(free_groups), rng.randint(3, 5)))
    # One-to-one sessions: a favourite hour on any day ("after work, at five").
    hour = f"{rng.choice(INDIVIDUAL_HOURS):02d}"
    preferred += [s for s in individual_slot_ids() if s.endswith(hour) and s not in unavailable]
    return {
        "id": f"c{index + 1}",
        "clinician": None,
        "min_hours": 6 if adolescent else rng.choices((9, 12, 15), weights=(80, 15, 5))[0],
        "max_hours": 12 if adolescent else 19,
        "min_days": 3,
        "max_days": 5,
        "individual_sessions": 1,
        "family_sessions": int(rng.random() < (0.7 if adolescent else 0.15)),
        "required_group_types": required,
        "preferred_slots": sorted(preferred, key=_slot_order().get),
        "unavailable": unavailable,
        "_profile": profile,
    }


def _client_unavailable(rng: random.Random, profile: str) -> list[str]:
    """Work or school blocks every weekday (office jobs: one day off for a third of them)."""
    if profile == "standard":
        # Childcare, a part-time job, appointments: a few scattered blocks.
        picks = rng.sample([(d, b) for d in DAYS for b in GROUP_BLOCKS], rng.randint(0, 3))
        return sorted(f"{d}-{b}" for d, b in picks)
    days = list(DAYS)
    if profile == "office_job" and rng.random() < 0.33:
        days.remove(rng.choice(DAYS))
    return [f"{d}-{b}" for d in days for b in BLOCKED_BY[profile]]


def _assign_clinicians(clients: list[dict], staff: list[dict]) -> None:
    """Intake matching: a clinician who still has free one-to-one hours the client shares.

    Each match reserves concrete slots of the clinician for the client's sessions, so the
    program can, in principle, see everyone; when no clinician has enough free shared hours the
    client takes the one with most (and some of its sessions may stay unmet, as in real life).
    """
    clinicians = [s for s in staff if "individual" in s["qualifications"]]
    if not clinicians:
        raise ValueError("the generated staff has no clinician; use more staff")
    reserved: dict[str, set[str]] = {s["id"]: set() for s in clinicians}
    caseload = dict.fromkeys(reserved, 0)
    slots = individual_slot_ids()
    for client in sorted(clients, key=lambda c: -len(c["unavailable"])):
        sessions = client["individual_sessions"] + client["family_sessions"]
        family = client["family_sessions"] > 0
        options = [s for s in clinicians if not family or "family" in s["qualifications"]]

        def free(clinician: dict, client=client) -> list[str]:
            blocked = set(client["unavailable"]) | set(clinician["unavailable"])
            return [s for s in slots if s not in blocked and s not in reserved[clinician["id"]]]

        def rank(clinician: dict, sessions=sessions) -> tuple:
            room = len(free(clinician)) - sessions
            return (min(room, 0), -caseload[clinician["id"]], room)

        best = max(options or clinicians, key=rank)
        client["clinician"] = best["id"]
        caseload[best["id"]] += 1
        # The most constrained clients come first, so reserve the earliest free hours: the late
        # ones are what working clients and adolescents can use.
        reserved[best["id"]].update(free(best)[:sessions])


def _rooms(rng: random.Random, clients: int, staff: list[dict], scale: float) -> list[dict]:
    """Group rooms for the group demand; an office per clinician, some fit a family."""
    rooms = []
    for i in range(max(2, round(clients / 35 * scale))):
        unavailable = [rng.choice(group_slot_ids())] if rng.random() < 0.2 else []
        capacity = rng.choice((10, 12, 12, 14, 16))
        rooms.append(
            {
                "id": f"group-{i + 1}",
                "kinds": ["group"],
                "capacity": capacity,
                "unavailable": unavailable,
            }
        )
    clinicians = sum("individual" in s["qualifications"] for s in staff)
    for i in range(max(2, round(clinicians * scale))):
        family = rng.random() < 0.4
        rooms.append(
            {
                "id": f"office-{i + 1}",
                "kinds": ["individual", "family"] if family else ["individual"],
                "capacity": 5 if family else 2,
                "unavailable": [],
            }
        )
    return rooms


def _keep_apart(rng: random.Random, clients: list[dict]) -> list[list[str]]:
    """About one client in a hundred has a partner or co-defendant in the program."""
    pairs = []
    for _ in range(len(clients) // 100 + (1 if len(clients) >= 10 else 0)):
        a, b = rng.sample(clients, 2)
        pairs.append([a["id"], b["id"]])
    return pairs


def _pinned(rng, clients, staff, rooms, keep_apart) -> list[dict]:
    """Fixed appointments: about 1% of individual sessions, and one standing evening group."""
    busy: set[tuple[str, str]] = set()
    by_id = {s["id"]: s for s in staff}
    pinned = []
    for client in rng.sample(clients, len(clients) // 100):
        session = _pinned_individual(rng, client, by_id[client["clinician"]], rooms, busy)
        if session:
            pinned.append(session)
    if len(clients) >= 30:
        session = _pinned_group(rng, clients, staff, rooms, keep_apart, busy)
        if session:
            pinned.append(session)
    return pinned


def _free(entity: dict, slot: str, busy: set) -> bool:
    return slot not in entity["unavailable"] and (entity["id"], slot) not in busy


def _pinned_individual(rng, client, clinician, rooms, busy) -> dict | None:
    slots = individual_slot_ids()
    rng.shuffle(slots)
    for slot in slots:
        if not (_free(client, slot, busy) and _free(clinician, slot, busy)):
            continue
        room = next((r for r in rooms if "individual" in r["kinds"] and _free(r, slot, busy)), None)
        if room:
            busy.update({(client["id"], slot), (clinician["id"], slot), (room["id"], slot)})
            return {
                "kind": "individual",
                "slot": slot,
                "room": room["id"],
                "staff": clinician["id"],
                "clients": [client["id"]],
            }
    return None


def _pinned_group(rng, clients, staff, rooms, keep_apart, busy) -> dict | None:
    slot, size = "tue-eve", 6
    leader = next(
        (s for s in staff if "group" in s["qualifications"] and _free(s, slot, busy)), None
    )
    room = next(
        (
            r
            for r in rooms
            if "group" in r["kinds"] and r["capacity"] >= size and _free(r, slot, busy)
        ),
        None,
    )
    paired = {c for pair in keep_apart for c in pair}
    members = [c["id"] for c in clients if _free(c, slot, busy) and c["id"] not in paired]
    if not leader or not room or len(members) < size:
        return None
    return {
        "kind": "group",
        "slot": slot,
        "room": room["id"],
        "staff": leader["id"],
        "group_type": "process",
        "clients": sorted(rng.sample(members, size)),
    }
