"""The CP-SAT model of a week, aggregated so that it stays small at 1,000 clients.

Group sessions are not modelled one by one. Per group slot and group type the model decides
how many groups run (`count`), which rooms hold them (`room_group`) and which staff lead them
(`lead`, per qualification). Clients choose group slots (`attend`); only where the group type
matters for a client (a required type, the type they had in `previous`, or a keep-apart client)
do they choose the type (`typed`). Everyone else in the slot is a "filler" whose type does not
matter, and `filler` counts how many of them go to each type. Splitting a slot's clients of one
type into `count` groups whose sizes fit the rooms is always possible when
`min_size * count <= clients <= sum of room capacities`, so `decode` can do it afterwards.

Two restrictions versus the contract keep that split trivial, both documented in the README
of the solver: keep-apart clients never share a slot *and* group type (they may still share the
slot in different types), and nobody gets more individual/family sessions than required.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from .instance import Client, Slot
from .prep import CLIENT, ROOM, STAFF, Prepared, max_minutes

ONE_TO_ONE = ("individual", "family")


@dataclass
class Shortfall:
    """A requirement's shortfall variable: var >= need - sum(terms), var >= 0."""

    var: cp_model.IntVar
    need: int
    terms: list
    weight: int
    client: str
    requirement: str


@dataclass
class ScheduleModel:
    prep: Prepared
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    attend: dict = field(default_factory=dict)  # (client, slot) -> in some group
    typed: dict = field(default_factory=dict)  # (client, slot, type) -> in a group of that type
    one: dict = field(default_factory=dict)  # (kind, client, slot) -> individual/family session
    filler: dict = field(default_factory=dict)  # (slot, type) -> clients of no tracked type
    count: dict = field(default_factory=dict)  # (slot, type) -> groups opened
    room_group: dict = field(default_factory=dict)  # (room, slot, type) -> room holds a group
    room_one: dict = field(default_factory=dict)  # (kind, room, slot) -> room holds a session
    lead: dict = field(default_factory=dict)  # (staff, slot, qualification) -> leads a group
    day: dict = field(default_factory=dict)  # (client, date) -> client comes that day
    day_terms: dict = field(default_factory=dict)  # (client, date) -> that day's session vars
    shortfalls: list[Shortfall] = field(default_factory=list)
    derived: list[Shortfall] = field(default_factory=list)  # other max(0, ...) helpers
    objectives: dict = field(default_factory=dict)  # name -> linear expression
    apart: set = field(default_factory=set)  # clients in some keep_apart pair
    hostable: dict = field(default_factory=dict)  # slot -> ids of group types it can hold

    def new_bool(self, name: str) -> cp_model.IntVar:
        return self.model.new_bool_var(name)


def add_variables(sm: ScheduleModel, *, groups: bool = True) -> None:
    """Create the decision variables; a variable exists only where its session could be valid.

    With `groups=False` only one-to-one sessions get variables: a relaxation whose optimum
    bounds the one-to-one shortfall of the full model from below.
    """
    sm.apart = {c for pair in sm.prep.instance.keep_apart for c in pair}
    if groups:
        _group_capacity(sm)
    else:
        sm.hostable = {slot.id: [] for slot in sm.prep.group_slots}
    _client_vars(sm)
    _one_to_one_vars(sm)


def _fits_minutes(prep: Prepared, what: str, entity, slot: Slot) -> bool:
    fixed = prep.fixed[(what, entity.id)].minutes
    return fixed + slot.minutes <= max_minutes(entity.max_hours)


def _group_capacity(sm: ScheduleModel) -> None:
    """Rooms, leaders and group counts per group slot; `hostable` lists the types that fit."""
    prep, inst = sm.prep, sm.prep.instance
    for slot in prep.group_slots:
        leaders = defaultdict(list)
        for staff in inst.staff:
            if prep.free(STAFF, staff, slot.id) and _fits_minutes(prep, STAFF, staff, slot):
                for qual in staff.qualifications:
                    leaders[qual].append(staff)
        rooms = [r for r in inst.rooms if prep.free(ROOM, r, slot.id)]
        sm.hostable[slot.id] = []
        for kind in inst.group_types:
            holders = [r for r in rooms if prep.effective_capacity(r, kind)]
            if not holders or not leaders[kind.qualification]:
                continue
            sm.hostable[slot.id].append(kind.id)
            for room in holders:
                sm.room_group[(room.id, slot.id, kind.id)] = sm.new_bool(f"q_{room.id}_{slot.id}")
            seats = sum(prep.effective_capacity(r, kind) for r in holders)
            sm.count[(slot.id, kind.id)] = sm.model.new_int_var(0, len(holders), "n")
            sm.filler[(slot.id, kind.id)] = sm.model.new_int_var(0, seats, "f")
        quals = {inst.group_type[t].qualification for t in sm.hostable[slot.id]}
        for qual in sorted(quals):
            for staff in leaders[qual]:
                sm.lead[(staff.id, slot.id, qual)] = sm.new_bool(f"w_{staff.id}_{slot.id}")


def _tracked_types(sm: ScheduleModel, client: Client) -> dict[str, set[str]]:
    """Per slot, the group types whose choice matters for this client."""
    inst = sm.prep.instance
    left = sm.prep.remaining(client)
    required = {t for t, _ in client.required_group_types if left[t] > 0}
    tracked = defaultdict(set)
    for slot in sm.prep.group_slots:
        if client.id in sm.apart:
            tracked[slot.id] = {t.id for t in inst.group_types}
        else:
            tracked[slot.id] = set(required)
    for session in inst.previous or ():
        if session.kind == "group" and client.id in session.clients:
            tracked[session.slot].add(session.group_type)
    return tracked


def _client_vars(sm: ScheduleModel) -> None:
    prep = sm.prep
    for client in prep.instance.clients:
        tracked = _tracked_types(sm, client)
        for slot in prep.group_slots:
            if not sm.hostable[slot.id] or not prep.free(CLIENT, client, slot.id):
                continue
            if not _fits_minutes(prep, CLIENT, client, slot):
                continue
            sm.attend[(client.id, slot.id)] = sm.new_bool(f"y_{client.id}_{slot.id}")
            for type_id in sorted(tracked[slot.id] & set(sm.hostable[slot.id])):
                sm.typed[(client.id, slot.id, type_id)] = sm.new_bool(f"x_{client.id}_{slot.id}")


def _one_to_one_vars(sm: ScheduleModel) -> None:
    """Individual/family sessions: the clinician is fixed, so only the slot is chosen."""
    prep, inst = sm.prep, sm.prep.instance
    for slot in prep.individual_slots:
        for kind in ONE_TO_ONE:
            rooms = [
                r
                for r in inst.rooms
                if kind in r.kinds and r.capacity >= 1 and prep.free(ROOM, r, slot.id)
            ]
            if not rooms:
                continue
            used = False
            for client in inst.clients:
                if _one_to_one_possible(prep, client, kind, slot):
                    sm.one[(kind, client.id, slot.id)] = sm.new_bool(
                        f"{kind}_{client.id}_{slot.id}"
                    )
                    used = True
            for room in rooms if used else ():
                sm.room_one[(kind, room.id, slot.id)] = sm.new_bool(f"r_{room.id}_{slot.id}")


def _one_to_one_possible(prep: Prepared, client: Client, kind: str, slot: Slot) -> bool:
    clinician = prep.instance.staff_member[client.clinician]
    return (
        prep.remaining(client)[kind] > 0
        and kind in clinician.qualifications
        and prep.free(CLIENT, client, slot.id)
        and prep.free(STAFF, clinician, slot.id)
        and _fits_minutes(prep, CLIENT, client, slot)
        and _fits_minutes(prep, STAFF, clinician, slot)
    )


def day_of(sm: ScheduleModel, slot_id: str) -> date:
    return sm.prep.instance.slot[slot_id].day


def domain_limits(proto_var) -> tuple[int, int]:
    """(lowest, highest) value of a variable proto's domain.

    The proto's repeated field does not support negative indexes (`domain[-1]` silently
    returned 0), hence the explicit length.
    """
    domain = proto_var.domain
    return domain[0], domain[len(domain) - 1]
