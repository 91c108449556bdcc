"""The greedy scheduler's ledger: who is booked when, and what each client has so far."""

from collections import Counter, defaultdict

from .instance import Client, Room, Slot, Staff
from .prep import CLIENT, ROOM, STAFF, Prepared, max_minutes, min_minutes
from .sessions import Session


class Book:
    """Sessions placed so far, with the checks a new placement must pass.

    Besides the contract's hard constraints it keeps the model's extra rules so that its
    result is always a valid hint: keep-apart clients never share a slot and group type (even
    in different groups), and nobody gets more individual/family sessions than required.
    """

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.instance = prep.instance
        self.sessions: list[Session] = []
        self.booked: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.minutes: Counter = Counter()
        self.days: dict[str, set] = defaultdict(set)
        self.done: dict[str, Counter] = defaultdict(Counter)
        self.members: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.partners: dict[str, set[str]] = defaultdict(set)
        for a, b in self.instance.keep_apart:
            self.partners[a].add(b)
            self.partners[b].add(a)
        for session in self.instance.pinned:
            self.add(session)
        # Pinned sessions come first in `sessions` and are never edited.
        self.pinned_count = len(self.sessions)

    def add(self, session: Session) -> None:
        slot = self.instance.slot[session.slot]
        self.sessions.append(session)
        self.booked[(ROOM, session.room)].add(slot.id)
        self.booked[(STAFF, session.staff)].add(slot.id)
        self.minutes[(STAFF, session.staff)] += slot.minutes
        for client in session.clients:
            self.booked[(CLIENT, client)].add(slot.id)
            self.minutes[(CLIENT, client)] += slot.minutes
            self.days[client].add(slot.day)
            self.done[client][_counter_key(session)] += 1
        if session.kind == "group":
            self.members[(slot.id, session.group_type)].update(session.clients)

    def free(self, what: str, entity, slot: Slot) -> bool:
        if not self.prep.free(what, entity, slot.id):
            return False
        return not self.prep.overlapping[slot.id] & self.booked[(what, entity.id)]

    def client_fits(self, client: Client, slot: Slot) -> bool:
        """Free then, and the session keeps the client within max_hours and max_days."""
        if not self.free(CLIENT, client, slot):
            return False
        minutes = self.minutes[(CLIENT, client.id)] + slot.minutes
        days = self.days[client.id] | {slot.day}
        return minutes <= max_minutes(client.max_hours) and len(days) <= client.max_days

    def staff_fits(self, staff: Staff, slot: Slot, qualification: str) -> bool:
        if qualification not in staff.qualifications or not self.free(STAFF, staff, slot):
            return False
        return self.minutes[(STAFF, staff.id)] + slot.minutes <= max_minutes(staff.max_hours)

    def room_fits(self, room: Room, slot: Slot, kind: str) -> bool:
        return kind in room.kinds and room.capacity >= 1 and self.free(ROOM, room, slot)

    def apart_ok(self, client_id: str, slot_id: str, type_id: str) -> bool:
        return not self.partners[client_id] & self.members[(slot_id, type_id)]

    def short_minutes(self, client: Client) -> int:
        return max(0, min_minutes(client.min_hours) - self.minutes[(CLIENT, client.id)])

    def short_days(self, client: Client) -> int:
        return max(0, client.min_days - len(self.days[client.id]))

    def type_needs(self, client: Client) -> Counter:
        """Required group types the client still lacks, with how many sessions each."""
        done = self.done[client.id]
        got = {t: done[("group", t)] for t, _ in client.required_group_types}
        return Counter({t: n - got[t] for t, n in client.required_group_types if n > got[t]})

    def sessions_needed(self, client: Client, kind: str) -> int:
        wanted = client.individual_sessions if kind == "individual" else client.family_sessions
        return max(0, wanted - self.done[client.id][kind])


def _counter_key(session: Session):
    """Group types and session kinds are counted apart (a type may be named "family")."""
    return ("group", session.group_type) if session.kind == "group" else session.kind


def _with_clients(session: Session, clients: tuple[str, ...]) -> Session:
    return Session(
        session.kind, session.slot, session.room, session.staff, clients, session.group_type
    )


class EditableBook(Book):
    """A Book whose group sessions can gain or lose a client after they were placed."""

    def add_member(self, index: int, client_id: str) -> None:
        session = self.sessions[index]
        slot = self.instance.slot[session.slot]
        self.sessions[index] = _with_clients(session, (*session.clients, client_id))
        self.booked[(CLIENT, client_id)].add(slot.id)
        self.minutes[(CLIENT, client_id)] += slot.minutes
        self.days[client_id].add(slot.day)
        self.done[client_id][_counter_key(session)] += 1
        self.members[(slot.id, session.group_type)].add(client_id)

    def remove_member(self, index: int, client_id: str) -> None:
        """Only used to move a client between groups of one slot: day and hours stay."""
        session = self.sessions[index]
        clients = tuple(c for c in session.clients if c != client_id)
        self.sessions[index] = _with_clients(session, clients)
        slot = self.instance.slot[session.slot]
        self.booked[(CLIENT, client_id)].discard(slot.id)
        self.minutes[(CLIENT, client_id)] -= slot.minutes
        self.done[client_id][_counter_key(session)] -= 1
        self.members[(slot.id, session.group_type)].discard(client_id)
        if not any(self.instance.slot[s].day == slot.day for s in self.booked[(CLIENT, client_id)]):
            self.days[client_id].discard(slot.day)
