"""The contract's optimization order as two CP-SAT stages.

Stage 1, `unmet`: weighted shortfall (a missing hour, session, day or required group weighs
the same: 60 points, one point per missing minute). With `previous`, changes break ties within
stage 1 (unmet * weight + changes): that does not change the stage-1 optimum, but it keeps
stage 2's starting point close to the old schedule.

Stage 2, `preferences`, with stage 1's value fixed, minimizes lexicographically:
  1. `off_preference`: sessions outside the client's `preferred_slots` (clients who have some).
     Counting sessions *outside* rewards placing sessions in preferred slots without rewarding
     extra sessions just because they land in one.
  2. `changes` (only with `previous`): client assignments added or removed, an assignment being
     (client, slot, kind, group type).
  3. `groups`: group sessions opened (sizes within a slot and type are balanced by `decode`).
as one weighted sum whose weights make each term outrank everything after it. One stage
instead of three saves two presolves of the whole model, which cost many seconds at 1,000
clients, and lets the search trade within the order: starting from the old schedule, it finds
the preference gains that move the fewest clients (a pure preference stage first wandered far
from the old schedule, and a later change stage could not bring it back).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model
from ortools.sat.python import cp_model_helper as cmh

from .model import ScheduleModel, Shortfall, domain_limits


@dataclass(frozen=True)
class Stage:
    """One CP-SAT solve: minimize `expr` = `value` * `scale` + tie-breaks smaller than `scale`.

    `value` is the stage's own objective: it is reported (with the bound divided by `scale`)
    and fixed (`value <= best`) before the next stage.
    """

    name: str
    value: cp_model.LinearExpr
    expr: cp_model.LinearExpr
    scale: int = 1
    # For a lexicographic stage: (term name, term, weight), highest priority first.
    parts: tuple = ()
    # One presolve pass, no probing or symmetry search: on the big stage-2 model a full
    # presolve took a large part of the wall time and bought nothing measurable (1,000 clients).
    light_presolve: bool = False


def with_tie_break(sm: ScheduleModel, name: str, value, tie_break) -> Stage:
    if tie_break is None:
        return Stage(name, value, value)
    scale = upper_bound(sm, tie_break) + 1
    return Stage(name, value, value * scale + tie_break, scale)


def add_objectives(sm: ScheduleModel) -> list[Stage]:
    """Fill `sm.objectives` with every term; return the two stages in order."""
    sm.objectives["unmet"] = cp_model.LinearExpr.weighted_sum(
        [s.var for s in sm.shortfalls], [s.weight for s in sm.shortfalls]
    )
    sm.objectives["off_preference"] = _off_preference(sm)
    names = ["off_preference"]
    changes = None
    if sm.prep.instance.previous is not None:
        changes = sm.objectives["changes"] = changes_expr(sm)
        names.append("changes")
    sm.objectives["groups"] = cp_model.LinearExpr.sum(list(sm.count.values()))
    names.append("groups")
    bounds = [upper_bound(sm, sm.objectives[n]) for n in names[:-1]] + [_most_groups(sm)]
    preferences, parts = lexicographic([(n, sm.objectives[n]) for n in names], bounds)
    sm.objectives["preferences"] = preferences
    unmet = with_tie_break(sm, "unmet", sm.objectives["unmet"], changes)
    second = Stage("preferences", preferences, preferences, parts=parts, light_presolve=True)
    return [unmet, second]


def lexicographic(terms: list[tuple[str, object]], bounds: list[int]):
    """sum(weight_i * term_i), each weight above the largest possible value of all later terms.

    Returns the expression and its parts as (name, term, weight), highest priority first.
    """
    total, weight, parts = 0, 1, []
    for (name, term), bound in zip(reversed(terms), reversed(bounds), strict=True):
        total = total + term * weight
        parts.insert(0, (name, term, weight))
        weight *= bound + 1
    return total, tuple(parts)


def _most_groups(sm: ScheduleModel) -> int:
    """A room holds one group at a time, so groups <= rooms usable per slot (a tight weight)."""
    rooms = {(room, slot) for room, slot, _ in sm.room_group}
    return len(rooms)


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


def changes_expr(sm: ScheduleModel) -> cp_model.LinearExpr:
    """Assignments removed plus added, every term non-negative.

    A previous assignment that cannot be kept costs 1 (constant); one that can costs 1 - kept.
    A group slot the client attends counts as added unless it is the kept previous one, via an
    explicit `moved >= attend - kept` Boolean (pitfall 2: offsets such as `attend - 2*kept`
    gave CP-SAT negative, useless bounds).
    """
    groups, one_to_one = previous_assignments(sm)
    variables, coefficients = [], []
    constant = sum(len(slots) for slots in groups.values()) + len(one_to_one)
    for (client, slot), attend in sm.attend.items():
        type_id = groups[client].get(slot)
        kept = sm.typed.get((client, slot, type_id)) if type_id else None
        if kept is None:
            variables.append(attend)
            coefficients.append(1)
            continue
        moved = sm.model.new_bool_var(f"moved_{client}_{slot}")
        sm.model.add(moved + kept >= attend)
        sm.derived.append(Shortfall(moved, 0, [(attend, -1), (kept, 1)], 0, client, "moved"))
        variables += [kept, moved]
        coefficients += [-1, 1]
    for key, var in sm.one.items():
        variables.append(var)
        coefficients.append(-1 if key in one_to_one else 1)
    return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant


def upper_bound(sm: ScheduleModel, expr) -> int:
    """The largest value `expr` can take given its variables' domains."""
    flat = cmh.FlatIntExpr(expr)
    total = flat.offset
    for var, coef in zip(flat.vars, flat.coeffs, strict=True):
        low, high = domain_limits(sm.model.proto.variables[var.index])
        total += max(coef * low, coef * high)
    return total


def evaluate(expr, values: list[int]) -> int:
    """The value of a linear expression under a full assignment (e.g. a hint)."""
    flat = cmh.FlatIntExpr(expr)
    return (
        sum(values[v.index] * c for v, c in zip(flat.vars, flat.coeffs, strict=True)) + flat.offset
    )
