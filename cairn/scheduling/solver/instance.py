"""The instance document (format `cairn-schedule/1`) parsed into frozen dataclasses.

`load_instance` validates everything a solver or checker relies on: types, unique ids,
resolvable references, slot times inside the week. It does NOT check hard constraints of
`pinned` sessions: a pinned session that breaks one makes the instance infeasible, which is a
solver answer, not a malformed document.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from . import fields as f
from .errors import InstanceError
from .sessions import Known, Session, parse_session, parse_sessions, parse_solution_sessions

FORMAT = "cairn-schedule/1"
SLOT_KINDS = ("group", "individual")
QUAL_OF_KIND = {"individual": "individual", "family": "family"}


@dataclass(frozen=True)
class Slot:
    id: str
    kind: str
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def day(self) -> date:
        """Days are counted by the date a session starts on."""
        return self.start.date()

    def overlaps(self, other: "Slot") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Room:
    id: str
    kinds: frozenset[str]
    capacity: int
    unavailable: frozenset[str]


@dataclass(frozen=True)
class GroupType:
    id: str
    min_size: int
    max_size: int
    qualification: str


@dataclass(frozen=True)
class Staff:
    id: str
    qualifications: frozenset[str]
    max_hours: float
    unavailable: frozenset[str]


@dataclass(frozen=True)
class Client:
    id: str
    clinician: str
    min_hours: float
    max_hours: float
    min_days: int
    max_days: int
    individual_sessions: int
    family_sessions: int
    required_group_types: tuple[tuple[str, int], ...]
    preferred_slots: frozenset[str]
    unavailable: frozenset[str]


@dataclass(frozen=True)
class Instance:
    week_start: date
    slots: tuple[Slot, ...]
    rooms: tuple[Room, ...]
    group_types: tuple[GroupType, ...]
    staff: tuple[Staff, ...]
    clients: tuple[Client, ...]
    keep_apart: tuple[tuple[str, str], ...]
    pinned: tuple[Session, ...]
    previous: tuple[Session, ...] | None

    @cached_property
    def slot(self) -> dict[str, Slot]:
        return {s.id: s for s in self.slots}

    @cached_property
    def room(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def group_type(self) -> dict[str, GroupType]:
        return {g.id: g for g in self.group_types}

    @cached_property
    def staff_member(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    @cached_property
    def client(self) -> dict[str, Client]:
        return {c.id: c for c in self.clients}

    @cached_property
    def known(self) -> Known:
        return Known(self.slot, self.room, self.staff_member, self.client, self.group_type)


def load_instance(doc: object) -> Instance:
    """Parse and validate an instance document (a dict from JSON); raise InstanceError."""
    obj = f.as_dict(doc, "instance")
    f.check_keys(
        obj,
        "",
        required=("format", "week_start", "slots", "rooms", "group_types", "staff", "clients"),
        optional=("keep_apart", "pinned", "previous"),
    )
    if obj["format"] != FORMAT:
        raise InstanceError("format", f"expected {FORMAT!r}, got {obj['format']!r}")
    week_start = f.iso_date(obj["week_start"], "week_start")
    slots = _slots(obj["slots"], week_start)
    slot_ids = {s.id for s in slots}
    rooms = _items(obj["rooms"], "rooms", lambda o, p: _room(o, p, slot_ids))
    group_types = _items(obj["group_types"], "group_types", _group_type)
    staff = _items(obj["staff"], "staff", lambda o, p: _staff(o, p, slot_ids))
    staff_ids = {s.id for s in staff}
    type_ids = {g.id for g in group_types}
    clients = _items(
        obj["clients"], "clients", lambda o, p: _client(o, p, slot_ids, staff_ids, type_ids)
    )
    partial = Instance(week_start, slots, rooms, group_types, staff, clients, (), (), None)
    keep_apart = _keep_apart(obj.get("keep_apart") or [], partial.client)
    pinned = parse_sessions(obj.get("pinned") or [], "pinned", partial.known)
    previous = obj.get("previous")
    if previous is not None:
        previous = parse_solution_sessions(previous, "previous", partial.known)
    return Instance(
        week_start, slots, rooms, group_types, staff, clients, keep_apart, pinned, previous
    )


def _items(raw: object, path: str, parse) -> tuple:
    items = f.as_list(raw, path)
    f.unique_ids(items, path)
    return tuple(
        parse(f.as_dict(item, f"{path}[{i}]"), f"{path}[{i}]") for i, item in enumerate(items)
    )


def _slots(raw: object, week_start: date) -> tuple[Slot, ...]:
    week_from = datetime.combine(week_start, datetime.min.time())
    week_to = week_from + timedelta(days=7)

    def parse(obj: dict, path: str) -> Slot:
        f.check_keys(obj, path, required=("id", "kind", "start", "end"))
        start = f.local_time(obj["start"], f"{path}.start")
        end = f.local_time(obj["end"], f"{path}.end")
        if end <= start:
            raise InstanceError(f"{path}.end", f"must be after start ({obj['start']})")
        if start < week_from or end > week_to:
            raise InstanceError(
                path,
                f"slot {obj['id']!r} ({obj['start']} to {obj['end']}) is outside the week "
                f"starting {week_start.isoformat()} ({week_from:%Y-%m-%dT%H:%M} "
                f"to {week_to:%Y-%m-%dT%H:%M})",
            )
        if (end - start).total_seconds() % 60:
            raise InstanceError(f"{path}.end", "slot times must be whole minutes")
        return Slot(obj["id"], f.choice(obj["kind"], f"{path}.kind", SLOT_KINDS), start, end)

    return _items(raw, "slots", parse)


def _room(obj: dict, path: str, slot_ids: set) -> Room:
    f.check_keys(obj, path, required=("id", "kinds", "capacity"), optional=("unavailable",))
    kinds = f.as_list(obj["kinds"], f"{path}.kinds")
    for i, kind in enumerate(kinds):
        f.choice(kind, f"{path}.kinds[{i}]", ("group", "individual", "family"))
    return Room(
        id=obj["id"],
        kinds=frozenset(kinds),
        capacity=f.integer(obj["capacity"], f"{path}.capacity"),
        unavailable=_unavailable(obj, path, slot_ids),
    )


def _group_type(obj: dict, path: str) -> GroupType:
    f.check_keys(obj, path, required=("id", "min_size", "max_size", "qualification"))
    min_size = f.integer(obj["min_size"], f"{path}.min_size", minimum=1)
    max_size = f.integer(obj["max_size"], f"{path}.max_size", minimum=1)
    if min_size > max_size:
        raise InstanceError(path, f"min_size {min_size} is greater than max_size {max_size}")
    qualification = f.text(obj["qualification"], f"{path}.qualification")
    return GroupType(obj["id"], min_size, max_size, qualification)


def _staff(obj: dict, path: str, slot_ids: set) -> Staff:
    f.check_keys(
        obj, path, required=("id", "qualifications", "max_hours"), optional=("unavailable",)
    )
    quals = f.as_list(obj["qualifications"], f"{path}.qualifications")
    for i, qual in enumerate(quals):
        f.text(qual, f"{path}.qualifications[{i}]")
    return Staff(
        id=obj["id"],
        qualifications=frozenset(quals),
        max_hours=f.number(obj["max_hours"], f"{path}.max_hours"),
        unavailable=_unavailable(obj, path, slot_ids),
    )


def _client(obj: dict, path: str, slot_ids: set, staff_ids: set, type_ids: set) -> Client:
    f.check_keys(
        obj,
        path,
        required=("id", "clinician", "min_hours", "max_hours", "min_days", "max_days"),
        optional=(
            "individual_sessions",
            "family_sessions",
            "required_group_types",
            "preferred_slots",
            "unavailable",
        ),
    )
    min_hours, max_hours = _range(obj, path, "hours", f.number)
    min_days, max_days = _range(obj, path, "days", lambda v, p: f.integer(v, p, maximum=7))
    preferred = f.ref_list(
        obj.get("preferred_slots") or [], f"{path}.preferred_slots", slot_ids, "slot"
    )
    return Client(
        id=obj["id"],
        clinician=f.ref(obj["clinician"], f"{path}.clinician", staff_ids, "staff"),
        min_hours=min_hours,
        max_hours=max_hours,
        min_days=min_days,
        max_days=max_days,
        individual_sessions=f.integer(
            obj.get("individual_sessions", 0), f"{path}.individual_sessions"
        ),
        family_sessions=f.integer(obj.get("family_sessions", 0), f"{path}.family_sessions"),
        required_group_types=_required_types(obj, path, type_ids),
        preferred_slots=frozenset(preferred),
        unavailable=_unavailable(obj, path, slot_ids),
    )


def _range(obj: dict, path: str, unit: str, read) -> tuple:
    low = read(obj[f"min_{unit}"], f"{path}.min_{unit}")
    high = read(obj[f"max_{unit}"], f"{path}.max_{unit}")
    if low > high:
        raise InstanceError(path, f"min_{unit} {low} is greater than max_{unit} {high}")
    return low, high


def _required_types(obj: dict, path: str, type_ids: set) -> tuple[tuple[str, int], ...]:
    where = f"{path}.required_group_types"
    raw = f.as_dict(obj.get("required_group_types") or {}, where)
    out = []
    for type_id, count in raw.items():
        if type_id not in type_ids:
            raise InstanceError(f"{where}.{type_id}", f"unknown group type id {type_id!r}")
        out.append((type_id, f.integer(count, f"{where}.{type_id}")))
    return tuple(sorted(out))


def _unavailable(obj: dict, path: str, slot_ids: set) -> frozenset[str]:
    return frozenset(
        f.ref_list(obj.get("unavailable") or [], f"{path}.unavailable", slot_ids, "slot")
    )


def _keep_apart(raw: object, clients: dict) -> tuple[tuple[str, str], ...]:
    pairs = []
    for i, item in enumerate(f.as_list(raw, "keep_apart")):
        path = f"keep_apart[{i}]"
        pair = f.as_list(item, path)
        if len(pair) != 2:
            raise InstanceError(path, f"expected a pair of client ids, got {len(pair)} items")
        a = f.ref(pair[0], f"{path}[0]", clients, "client")
        b = f.ref(pair[1], f"{path}[1]", clients, "client")
        if a == b:
            raise InstanceError(path, f"a client cannot be kept apart from itself ({a!r})")
        pairs.append((a, b))
    return tuple(pairs)


__all__ = ["FORMAT", "Client", "GroupType", "Instance", "Room", "Session", "Slot", "Staff"]
__all__ += ["load_instance", "parse_session"]
