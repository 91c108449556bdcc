"""Facts about an instance that the greedy scheduler and the CP-SAT model both need.

Overlap is by time, not by slot id: two slots conflict when their intervals overlap. Pinned
sessions are fixed, so the model treats them as constants: their people and rooms are busy in
every overlapping slot, and their hours and counts are added to each tally.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .instance import Client, Instance, Slot

CLIENT, STAFF, ROOM = "client", "staff", "room"


def max_minutes(hours: float) -> int:
    return math.floor(hours * 60 + 1e-9)


def min_minutes(hours: float) -> int:
    return math.ceil(hours * 60 - 1e-9)


@dataclass
class Fixed:
    """What the pinned sessions already give one client or staff member."""

    minutes: int = 0
    days: set[date] = field(default_factory=set)
    individual: int = 0
    family: int = 0
    group_types: Counter = field(default_factory=Counter)


class Prepared:
    """An instance plus overlap structure and pinned occupancy."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.group_slots = [s for s in instance.slots if s.kind == "group"]
        self.individual_slots = [s for s in instance.slots if s.kind == "individual"]
        self.overlapping = _overlapping(instance.slots)
        self.cliques = _cliques(instance.slots)
        self.blocked: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.fixed: dict[tuple[str, str], Fixed] = defaultdict(Fixed)
        for session in instance.pinned:
            self._pin(session)

    def _pin(self, session) -> None:
        slot = self.instance.slot[session.slot]
        entities = [(ROOM, session.room), (STAFF, session.staff)]
        entities += [(CLIENT, c) for c in session.clients]
        for entity in entities:
            self.blocked[entity] |= self.overlapping[slot.id]
        self.fixed[(STAFF, session.staff)].minutes += slot.minutes
        for client in session.clients:
            fixed = self.fixed[(CLIENT, client)]
            fixed.minutes += slot.minutes
            fixed.days.add(slot.day)
            if session.kind == "group":
                fixed.group_types[session.group_type] += 1
            else:
                setattr(fixed, session.kind, getattr(fixed, session.kind) + 1)

    def free(self, what: str, entity, slot_id: str) -> bool:
        """Not unavailable and not blocked by a pinned session."""
        return slot_id not in entity.unavailable and slot_id not in self.blocked[(what, entity.id)]

    @cached_property
    def caseload(self) -> dict[str, list[Client]]:
        load = defaultdict(list)
        for client in self.instance.clients:
            load[client.clinician].append(client)
        return load

    @cached_property
    def days(self) -> list[date]:
        return sorted({s.day for s in self.instance.slots})

    def effective_capacity(self, room, group_type) -> int:
        """How many clients a group of this type can hold in this room (0: it cannot host it)."""
        if "group" not in room.kinds:
            return 0
        size = min(room.capacity, group_type.max_size)
        return size if size >= group_type.min_size else 0

    def remaining(self, client: Client) -> dict[str, int]:
        """Requirements left after pinned sessions (never negative)."""
        fixed = self.fixed[(CLIENT, client.id)]
        left = {
            "individual": max(0, client.individual_sessions - fixed.individual),
            "family": max(0, client.family_sessions - fixed.family),
        }
        for type_id, count in client.required_group_types:
            left[type_id] = max(0, count - fixed.group_types[type_id])
        return left


def _overlapping(slots: tuple[Slot, ...]) -> dict[str, frozenset[str]]:
    """For each slot, the slots whose time overlaps it (itself included)."""
    return {a.id: frozenset(b.id for b in slots if a.overlaps(b)) for a in slots}


def _cliques(slots: tuple[Slot, ...]) -> list[tuple[str, ...]]:
    """Maximal sets of mutually overlapping slots.

    Intervals that pairwise overlap share a common point, and some slot's start is such a point,
    so scanning starts finds every maximal clique. "At most one of these" per clique is then
    exactly "no two overlapping", with far fewer constraints than one per pair.
    """
    candidates = set()
    for point in {s.start for s in slots}:
        candidates.add(frozenset(s.id for s in slots if s.start <= point < s.end))
    maximal = [c for c in candidates if not any(c < other for other in candidates)]
    order = {s.id: i for i, s in enumerate(slots)}
    return sorted(tuple(sorted(c, key=order.get)) for c in maximal)
