"""The hard constraints and requirement shortfalls of the model (see model.py for the variables).

Every counting rule is linear over Boolean or integer variables with tight bounds: the
prototype's boolean tricks with constant offsets gave poor bounds, and an auxiliary bound set
too tight silently cut valid schedules (and made the hint infeasible).
"""

from collections import defaultdict

from ortools.sat.python import cp_model

from .model import ONE_TO_ONE, ScheduleModel, Shortfall, add_variables, day_of
from .prep import CLIENT, ROOM, STAFF, Prepared, max_minutes, min_minutes

# Stage-1 weights: a missing hour, session, day or required group all weigh the same.
WEIGHT_PER_MINUTE = 1
WEIGHT_PER_UNIT = 60


def build_model(prep: Prepared, *, groups: bool = True) -> ScheduleModel:
    """Variables, hard constraints and shortfall variables (objectives: objectives.py)."""
    sm = ScheduleModel(prep)
    add_variables(sm, groups=groups)
    _groups(sm)
    _one_to_one_rooms(sm)
    _keep_apart(sm)
    _no_overlap(sm)
    _staff_hours(sm)
    _clients(sm)
    return sm


def _sum(terms) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.sum(list(terms))


def _groups(sm: ScheduleModel) -> None:
    """Per slot and type: groups = rooms used = leaders; sizes within min and room seats."""
    prep, inst = sm.prep, sm.prep.instance
    rooms_of = defaultdict(list)
    for (room, slot, kind), var in sm.room_group.items():
        rooms_of[(slot, kind)].append((inst.room[room], var))
    typed_in = defaultdict(list)
    for (_, slot, kind), var in sm.typed.items():
        typed_in[(slot, kind)].append(var)
    for (slot, kind), count in sm.count.items():
        group_type = inst.group_type[kind]
        rooms = rooms_of[(slot, kind)]
        sm.model.add(count == _sum(var for _, var in rooms))
        size = _sum(typed_in[(slot, kind)]) + sm.filler[(slot, kind)]
        sm.model.add(size >= group_type.min_size * count)
        seats = [(var, prep.effective_capacity(room, group_type)) for room, var in rooms]
        sm.model.add(size <= cp_model.LinearExpr.weighted_sum(*zip(*seats, strict=True)))
    _leaders(sm)
    _fillers(sm)


def _leaders(sm: ScheduleModel) -> None:
    """Each group has one leader holding its type's qualification, and each leader one group."""
    inst = sm.prep.instance
    groups = defaultdict(list)
    for (slot, kind), count in sm.count.items():
        groups[(slot, inst.group_type[kind].qualification)].append(count)
    leaders = defaultdict(list)
    for (_, slot, qual), var in sm.lead.items():
        leaders[(slot, qual)].append(var)
    for key in set(groups) | set(leaders):
        sm.model.add(_sum(groups[key]) == _sum(leaders[key]))


def _fillers(sm: ScheduleModel) -> None:
    """Clients in a slot without a tracked type are spread over the types as fillers."""
    by_slot = defaultdict(list)
    for (slot, _), var in sm.filler.items():
        by_slot[slot].append(var)
    typed = defaultdict(list)
    for (client, slot, _), var in sm.typed.items():
        typed[(client, slot)].append(var)
    untyped = defaultdict(list)
    for (client, slot), attend in sm.attend.items():
        if client in sm.apart:
            sm.model.add(attend == _sum(typed[(client, slot)]))
        else:
            sm.model.add(_sum(typed[(client, slot)]) <= attend)
            untyped[slot].append(attend - _sum(typed[(client, slot)]))
    for slot, fillers in by_slot.items():
        sm.model.add(_sum(fillers) == _sum(untyped[slot]))


def _one_to_one_rooms(sm: ScheduleModel) -> None:
    sessions = defaultdict(list)
    for (kind, _, slot), var in sm.one.items():
        sessions[(kind, slot)].append(var)
    rooms = defaultdict(list)
    for (kind, _, slot), var in sm.room_one.items():
        rooms[(kind, slot)].append(var)
    for key in set(sessions) | set(rooms):
        sm.model.add(_sum(sessions[key]) == _sum(rooms[key]))


def _keep_apart(sm: ScheduleModel) -> None:
    """Keep-apart clients never share a slot and type (model.py explains the restriction)."""
    for a, b in sm.prep.instance.keep_apart:
        for slot in sm.prep.group_slots:
            for kind in sm.hostable[slot.id]:
                pair = [sm.typed.get((c, slot.id, kind)) for c in (a, b)]
                if all(var is not None for var in pair):
                    sm.model.add_at_most_one(pair)


def _uses(sm: ScheduleModel):
    """(entity, slot, var, minutes) for every way a client, staff member or room is used."""
    inst = sm.prep.instance
    for (client, slot), var in sm.attend.items():
        yield (CLIENT, client), slot, var
    for (_, client, slot), var in sm.one.items():
        yield (CLIENT, client), slot, var
        yield (STAFF, inst.client[client].clinician), slot, var
    for (staff, slot, _), var in sm.lead.items():
        yield (STAFF, staff), slot, var
    for (room, slot, _), var in sm.room_group.items():
        yield (ROOM, room), slot, var
    for (_, room, slot), var in sm.room_one.items():
        yield (ROOM, room), slot, var


def _no_overlap(sm: ScheduleModel) -> None:
    """At most one use per entity in each set of mutually overlapping slots."""
    by_entity = defaultdict(lambda: defaultdict(list))
    for entity, slot, var in _uses(sm):
        by_entity[entity][slot].append(var)
    for slots in by_entity.values():
        for clique in sm.prep.cliques:
            terms = [v for s in clique for v in slots.get(s, ())]
            if len(terms) > 1:
                sm.model.add_at_most_one(terms)


def _staff_hours(sm: ScheduleModel) -> None:
    inst = sm.prep.instance
    minutes = defaultdict(list)
    for entity, slot, var in _uses(sm):
        if entity[0] == STAFF:
            minutes[entity[1]].append((var, inst.slot[slot].minutes))
    for staff_id, terms in minutes.items():
        staff = inst.staff_member[staff_id]
        allowed = max_minutes(staff.max_hours) - sm.prep.fixed[(STAFF, staff_id)].minutes
        if sum(m for _, m in terms) > allowed:
            sm.model.add(cp_model.LinearExpr.weighted_sum(*zip(*terms, strict=True)) <= allowed)


def _clients(sm: ScheduleModel) -> None:
    inst = sm.prep.instance
    sessions = defaultdict(list)  # client -> [(slot, var)]
    for (client, slot), var in sm.attend.items():
        sessions[client].append((slot, var))
    one_to_one = defaultdict(list)  # (client, kind) -> [var]
    for (kind, client, slot), var in sm.one.items():
        sessions[client].append((slot, var))
        one_to_one[(client, kind)].append(var)
    for client in inst.clients:
        _client_hours(sm, client, sessions[client.id])
        _client_days(sm, client, sessions[client.id])
        _client_counts(sm, client, one_to_one)


def _shortfall(sm: ScheduleModel, client, requirement: str, need: int, terms, weight: int):
    """var >= need - sum(terms) with var in [0, need]: at the optimum var = max(0, shortfall)."""
    if need <= 0:
        return
    var = sm.model.new_int_var(0, need, f"short_{requirement}_{client.id}")
    expr = cp_model.LinearExpr.weighted_sum(*zip(*terms, strict=True)) if terms else 0
    sm.model.add(var + expr >= need)
    sm.shortfalls.append(Shortfall(var, need, terms, weight, client.id, requirement))


def _client_hours(sm: ScheduleModel, client, sessions) -> None:
    inst = sm.prep.instance
    terms = [(var, inst.slot[slot].minutes) for slot, var in sessions]
    fixed = sm.prep.fixed[(CLIENT, client.id)].minutes
    allowed = max_minutes(client.max_hours) - fixed
    if sum(m for _, m in terms) > allowed:
        sm.model.add(cp_model.LinearExpr.weighted_sum(*zip(*terms, strict=True)) <= allowed)
    need = min_minutes(client.min_hours) - fixed
    _shortfall(sm, client, "min_hours", need, terms, WEIGHT_PER_MINUTE)


def _client_days(sm: ScheduleModel, client, sessions) -> None:
    """A day variable is 1 exactly when the client has a (non-pinned) session that day."""
    fixed_days = sm.prep.fixed[(CLIENT, client.id)].days
    by_day = defaultdict(list)
    for slot, var in sessions:
        if day_of(sm, slot) not in fixed_days:
            by_day[day_of(sm, slot)].append(var)
    days = []
    for day, vars_ in sorted(by_day.items()):
        var = sm.new_bool(f"day_{client.id}_{day}")
        for session in vars_:
            sm.model.add_implication(session, var)
        sm.model.add(var <= _sum(vars_))
        sm.day[(client.id, day)] = var
        sm.day_terms[(client.id, day)] = vars_
        days.append(var)
    if len(days) + len(fixed_days) > client.max_days:
        sm.model.add(_sum(days) <= client.max_days - len(fixed_days))
    need = client.min_days - len(fixed_days)
    _shortfall(sm, client, "min_days", need, [(d, 1) for d in days], WEIGHT_PER_UNIT)


def _client_counts(sm: ScheduleModel, client, one_to_one) -> None:
    """Individual/family sessions (never more than required) and required group types."""
    left = sm.prep.remaining(client)
    for kind in ONE_TO_ONE:
        terms = [(v, 1) for v in one_to_one[(client.id, kind)]]
        if len(terms) > left[kind]:
            sm.model.add(_sum(v for v, _ in terms) <= left[kind])
        _shortfall(sm, client, kind, left[kind], terms, WEIGHT_PER_UNIT)
    for type_id, _ in client.required_group_types:
        terms = [
            (var, 1)
            for slot in sm.prep.group_slots
            if (var := sm.typed.get((client.id, slot.id, type_id))) is not None
        ]
        _shortfall(sm, client, f"group:{type_id}", left[type_id], terms, WEIGHT_PER_UNIT)
