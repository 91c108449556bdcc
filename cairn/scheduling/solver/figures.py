"""Figures reported with a solution, each recomputed from the sessions (never from the model)."""

from collections import Counter, defaultdict

from .instance import Instance
from .prep import min_minutes
from .rules import WEIGHT_PER_MINUTE, WEIGHT_PER_UNIT
from .sessions import Session
from .tally import tally_clients


def unmet_score(instance: Instance, sessions: list[Session]) -> int:
    """The stage-1 objective: weighted shortfall over every client's requirements."""
    score = 0
    for client_id, tally in tally_clients(instance, sessions).items():
        client = instance.client[client_id]
        score += WEIGHT_PER_MINUTE * max(0, min_minutes(client.min_hours) - tally.minutes)
        units = max(0, client.min_days - len(tally.days))
        units += max(0, client.individual_sessions - tally.individual)
        units += max(0, client.family_sessions - tally.family)
        for type_id, count in client.required_group_types:
            units += max(0, count - tally.group_types[type_id])
        score += WEIGHT_PER_UNIT * units
    return score


def preference_counts(instance: Instance, sessions: list[Session]) -> tuple[int, int]:
    """(sessions in a preferred slot, sessions outside) for clients who have preferences."""
    inside = outside = 0
    for session in sessions:
        for client_id in session.clients:
            preferred = instance.client[client_id].preferred_slots
            if preferred:
                inside += session.slot in preferred
                outside += session.slot not in preferred
    return inside, outside


def assignments(sessions: list[Session]) -> dict[str, Counter]:
    """Per client, the multiset of (kind, slot, group type) it is scheduled in."""
    out: dict[str, Counter] = defaultdict(Counter)
    for session in sessions:
        for client in session.clients:
            out[client][(session.kind, session.slot, session.group_type)] += 1
    return out


def changes(before: list[Session], after: list[Session]) -> tuple[int, int]:
    """(client assignments added or removed, clients whose assignments changed)."""
    old, new = assignments(before), assignments(after)
    changed = total = 0
    for client in set(old) | set(new):
        diff = sum(((old[client] - new[client]) + (new[client] - old[client])).values())
        total += diff
        changed += diff > 0
    return total, changed


def group_sizes(sessions: list[Session]) -> list[int]:
    return [len(s.clients) for s in sessions if s.kind == "group"]


def summary(instance: Instance, sessions: list[Session]) -> dict:
    inside, outside = preference_counts(instance, sessions)
    sizes = group_sizes(sessions)
    out = {
        "sessions": len(sessions),
        "group_sessions": len(sizes),
        "group_size_min": min(sizes, default=None),
        "group_size_max": max(sizes, default=None),
        "in_preferred_slots": inside,
        "outside_preferred_slots": outside,
    }
    if instance.previous is not None:
        out["changed_assignments"], out["clients_changed"] = changes(
            list(instance.previous), sessions
        )
    return out
