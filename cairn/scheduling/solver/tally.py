"""What sessions give each client (hours, days, session counts), recomputed from decisions."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from .instance import Client, Instance
from .sessions import Session


@dataclass
class ClientTally:
    minutes: int = 0
    days: set[date] = field(default_factory=set)
    individual: int = 0
    family: int = 0
    group_types: Counter = field(default_factory=Counter)


def tally_clients(instance: Instance, sessions: list[Session]) -> dict[str, ClientTally]:
    """Count what every client is scheduled for (clients without sessions get an empty tally)."""
    tallies: dict[str, ClientTally] = defaultdict(ClientTally)
    for session in sessions:
        slot = instance.slot[session.slot]
        for client in session.clients:
            tally = tallies[client]
            tally.minutes += slot.minutes
            tally.days.add(slot.day)
            if session.kind == "group":
                tally.group_types[session.group_type] += 1
            elif session.kind == "individual":
                tally.individual += 1
            else:
                tally.family += 1
    return {c.id: tallies[c.id] for c in instance.clients}


def staff_minutes(instance: Instance, sessions: list[Session]) -> Counter:
    minutes: Counter = Counter()
    for session in sessions:
        minutes[session.staff] += instance.slot[session.slot].minutes
    return minutes


def hours(minutes: int) -> int | float:
    """Minutes as hours for reports: whole numbers stay integers (9, not 9.0)."""
    value = minutes / 60
    return int(value) if value.is_integer() else round(value, 2)


def unmet_requirements(client: Client, tally: ClientTally) -> list[dict]:
    """Every soft requirement of the client that the tally does not reach, with the shortfall."""
    unmet = []
    if tally.minutes < client.min_hours * 60 - 1e-9:
        needed = client.min_hours
        unmet.append(_unmet(client, "min_hours", needed, hours(tally.minutes)))
    if len(tally.days) < client.min_days:
        unmet.append(_unmet(client, "min_days", client.min_days, len(tally.days)))
    if tally.individual < client.individual_sessions:
        unmet.append(
            _unmet(client, "individual_sessions", client.individual_sessions, tally.individual)
        )
    if tally.family < client.family_sessions:
        unmet.append(_unmet(client, "family_sessions", client.family_sessions, tally.family))
    for type_id, count in client.required_group_types:
        got = tally.group_types[type_id]
        if got < count:
            entry = _unmet(client, "required_group_types", count, got)
            entry["group_type"] = type_id
            unmet.append(entry)
    return unmet


def _unmet(client: Client, requirement: str, needed, scheduled) -> dict:
    return {
        "client": client.id,
        "requirement": requirement,
        "needed": needed,
        "scheduled": scheduled,
    }
