"""The contract's optimization order as separate linear objectives, solved one after another.

1. `unmet`: weighted shortfall (a missing hour, session, day or required group weighs the same).
2. `off_preference`: sessions outside the client's `preferred_slots`. Counting sessions *outside*
   the preferences (for clients who have some) rewards placing sessions in preferred slots
   without rewarding extra sessions just because they land in a preferred slot.
3. `changes` (only with `previous`): client assignments added or removed, where an assignment is
   (client, slot, kind, group type).
4. `groups`: group sessions opened. Sizes within a slot and type are then balanced by `decode`.
"""

from collections import Counter, defaultdict

from ortools.sat.python import cp_model

from .model import ScheduleModel


def add_objectives(sm: ScheduleModel) -> list[str]:
    """Fill `sm.objectives` and return the stage names in priority order."""
    sm.objectives["unmet"] = cp_model.LinearExpr.weighted_sum(
        [s.var for s in sm.shortfalls], [s.weight for s in sm.shortfalls]
    )
    sm.objectives["off_preference"] = _off_preference(sm)
    names = ["unmet", "off_preference"]
    if sm.prep.instance.previous is not None:
        sm.objectives["changes"] = _changes(sm)
        names.append("changes")
    sm.objectives["groups"] = cp_model.LinearExpr.sum(list(sm.count.values()))
    names.append("groups")
    return names


def _off_preference(sm: ScheduleModel) -> cp_model.LinearExpr:
    inst = sm.prep.instance
    terms = []
    for (client, slot), var in sm.attend.items():
        preferred = inst.client[client].preferred_slots
        if preferred and slot not in preferred:
            terms.append(var)
    for (_, client, slot), var in sm.one.items():
        preferred = inst.client[client].preferred_slots
        if preferred and slot not in preferred:
            terms.append(var)
    return cp_model.LinearExpr.sum(terms)


def previous_assignments(sm: ScheduleModel) -> tuple[dict, set]:
    """Non-pinned assignments of `previous`: {client: {slot: type}} and {(kind, client, slot)}."""
    inst = sm.prep.instance
    pinned = Counter(p.key() for p in inst.pinned)
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    one_to_one: set = set()
    for session in inst.previous or ():
        if pinned[session.key()]:
            pinned[session.key()] -= 1
            continue
        for client in session.clients:
            if session.kind == "group":
                groups[client][session.slot] = session.group_type
            else:
                one_to_one.add((session.kind, client, session.slot))
    return groups, one_to_one


def _changes(sm: ScheduleModel) -> cp_model.LinearExpr:
    """Removed plus added assignments, linear: per previous assignment 1 - kept, per new one +1."""
    groups, one_to_one = previous_assignments(sm)
    variables, coefficients = [], []
    constant = sum(len(slots) for slots in groups.values()) + len(one_to_one)
    for (client, slot), attend in sm.attend.items():
        type_id = groups[client].get(slot)
        kept = sm.typed.get((client, slot, type_id)) if type_id else None
        variables.append(attend)
        coefficients.append(1)
        if kept is not None:
            # 1 - kept (removed) + attend - kept (added): the constant 1 is counted above.
            variables.append(kept)
            coefficients.append(-2)
    for key, var in sm.one.items():
        variables.append(var)
        coefficients.append(-1 if key in one_to_one else 1)
    return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant
