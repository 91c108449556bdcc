"""Turn a list of sessions (greedy, or a repaired previous schedule) into a complete model hint.

Every variable gets a value, derived variables included, so CP-SAT starts from a full feasible
assignment; tests check that with `fix_variables_to_their_hinted_value`.
"""

from collections import Counter, defaultdict

from .model import ScheduleModel, domain_limits
from .sessions import Session


class NotRepresentable(ValueError):
    """A session the model has no variable for (the hint would be infeasible)."""


def hint_values(sm: ScheduleModel, sessions: list[Session]) -> list[int]:
    """Values for all model variables, in the model's variable order."""
    values: dict[int, int] = defaultdict(int)
    pinned = Counter(p.key() for p in sm.prep.instance.pinned)
    for session in sessions:
        if pinned[session.key()]:
            pinned[session.key()] -= 1
        elif session.kind == "group":
            _group(sm, session, values)
        else:
            _one_to_one(sm, session, values)
    for key, terms in sm.day_terms.items():
        values[sm.day[key].index] = int(any(values[v.index] for v in terms))
    for short in sm.shortfalls + sm.derived:
        got = sum(values[v.index] * coef for v, coef in short.terms)
        values[short.var.index] = max(0, short.need - got)
    out = []
    for index, var in enumerate(sm.model.proto.variables):
        low, high = domain_limits(var)
        # Constants CP-SAT created for literals keep their value; others default to 0.
        out.append(values[index] if index in values or low != high else low)
    return out


def _var(table: dict, key: tuple):
    var = table.get(key)
    if var is None:
        raise NotRepresentable(f"no model variable for {key}")
    return var


def _group(sm: ScheduleModel, session: Session, values: dict) -> None:
    slot, kind = session.slot, session.group_type
    qualification = sm.prep.instance.group_type[kind].qualification
    values[_var(sm.count, (slot, kind)).index] += 1
    values[_var(sm.room_group, (session.room, slot, kind)).index] = 1
    values[_var(sm.lead, (session.staff, slot, qualification)).index] = 1
    for client in session.clients:
        values[_var(sm.attend, (client, slot)).index] = 1
        typed = sm.typed.get((client, slot, kind))
        if typed is not None:
            values[typed.index] = 1
        elif client in sm.apart:
            raise NotRepresentable(f"keep-apart client {client} has no type variable")
        else:
            values[_var(sm.filler, (slot, kind)).index] += 1


def _one_to_one(sm: ScheduleModel, session: Session, values: dict) -> None:
    if len(session.clients) != 1:
        raise NotRepresentable("a one-to-one session needs exactly one client")
    client = session.clients[0]
    values[_var(sm.one, (session.kind, client, session.slot)).index] = 1
    values[_var(sm.room_one, (session.kind, session.room, session.slot)).index] = 1


def apply_hint(sm: ScheduleModel, values: list[int]) -> None:
    sm.model.clear_hints()
    hint = sm.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
