"""An independent checker: each numbered hard constraint of the contract, and unmet requirements.

It shares nothing with the model-building code. It reads the sessions as a user would and
recomputes everything from them, so a solver bug cannot hide behind its own bookkeeping.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .instance import QUAL_OF_KIND, Instance, load_instance
from .sessions import Session, parse_solution_sessions
from .tally import hours, staff_minutes, tally_clients, unmet_requirements


@dataclass(frozen=True)
class Violation:
    constraint: int
    message: str

    def __str__(self) -> str:
        return f"hard constraint {self.constraint}: {self.message}"


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    unmet: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no hard constraint is broken (unmet requirements are allowed)."""
        return not self.violations

    def lines(self) -> list[str]:
        out = [f"VIOLATED {v}" for v in self.violations]
        out += [f"UNMET {describe_unmet(u)}" for u in self.unmet]
        return out


def describe_unmet(entry: dict) -> str:
    what = entry["requirement"]
    if what == "required_group_types":
        what = f"required_group_types.{entry['group_type']}"
    return (
        f"client {entry['client']} {what}: needed {entry['needed']}, scheduled {entry['scheduled']}"
    )


def check(instance: object, solution: object) -> CheckReport:
    """Check a solution document (or a list of Sessions) against an instance (dict or Instance).

    Raises InstanceError when either document is malformed (unknown ids, wrong shapes).
    """
    if not isinstance(instance, Instance):
        instance = load_instance(instance)
    if isinstance(solution, list | tuple):
        sessions = list(solution)
    else:
        sessions = list(parse_solution_sessions(solution, "", instance.known))
    return check_sessions(instance, sessions)


def check_sessions(instance: Instance, sessions: list[Session]) -> CheckReport:
    report = CheckReport()
    for rule in (_kinds, _overlaps, _unavailable, _groups, _one_to_one, _hours, _apart, _pinned):
        report.violations.extend(rule(instance, sessions))
    tallies = tally_clients(instance, sessions)
    for client in instance.clients:
        report.unmet.extend(unmet_requirements(client, tallies[client.id]))
    return report


def _name(session: Session) -> str:
    return f"{session.kind} session {session.slot}/{session.room}"


def _kinds(instance: Instance, sessions: list[Session]):
    """1. Slot kind fits the session kind; the room lists the session kind."""
    for s in sessions:
        slot_kind = instance.slot[s.slot].kind
        wanted = "group" if s.kind == "group" else "individual"
        if slot_kind != wanted:
            yield Violation(1, f"{_name(s)} is in a {slot_kind} slot")
        if s.kind not in instance.room[s.room].kinds:
            yield Violation(1, f"{_name(s)}: room {s.room} does not hold {s.kind} sessions")


def _overlaps(instance: Instance, sessions: list[Session]):
    """2. Nobody and no room is in two sessions whose slots overlap."""
    uses = defaultdict(list)
    for s in sessions:
        uses[("room", s.room)].append(s)
        uses[("staff", s.staff)].append(s)
        for client in s.clients:
            uses[("client", client)].append(s)
    for (what, ident), booked in uses.items():
        booked.sort(key=lambda s: instance.slot[s.slot].start)
        for i, first in enumerate(booked):
            for second in booked[i + 1 :]:
                if not instance.slot[first.slot].overlaps(instance.slot[second.slot]):
                    break
                yield Violation(2, f"{what} {ident} is in {_name(first)} and {_name(second)}")


def _unavailable(instance: Instance, sessions: list[Session]):
    """3. Nobody and no room is used in a slot they list as unavailable."""
    for s in sessions:
        if s.slot in instance.room[s.room].unavailable:
            yield Violation(3, f"{_name(s)}: room {s.room} is unavailable in {s.slot}")
        if s.slot in instance.staff_member[s.staff].unavailable:
            yield Violation(3, f"{_name(s)}: staff {s.staff} is unavailable in {s.slot}")
        for client in s.clients:
            if s.slot in instance.client[client].unavailable:
                yield Violation(3, f"{_name(s)}: client {client} is unavailable in {s.slot}")


def _groups(instance: Instance, sessions: list[Session]):
    """4. Group size within the type's min/max and the room's capacity; staff qualified."""
    for s in (s for s in sessions if s.kind == "group"):
        kind = instance.group_type[s.group_type]
        size = len(s.clients)
        if not kind.min_size <= size <= kind.max_size:
            limits = f"{kind.min_size}-{kind.max_size}"
            yield Violation(4, f"{_name(s)} has {size} clients; {kind.id} groups need {limits}")
        capacity = instance.room[s.room].capacity
        if size > capacity:
            yield Violation(4, f"{_name(s)} has {size} clients; room capacity is {capacity}")
        if kind.qualification not in instance.staff_member[s.staff].qualifications:
            yield Violation(4, f"{_name(s)}: staff {s.staff} lacks {kind.qualification!r}")


def _one_to_one(instance: Instance, sessions: list[Session]):
    """5. Individual/family: one client, led by their clinician, who holds the qualification."""
    for s in (s for s in sessions if s.kind != "group"):
        if len(s.clients) != 1:
            yield Violation(5, f"{_name(s)} has {len(s.clients)} clients instead of 1")
        for client in s.clients:
            clinician = instance.client[client].clinician
            if s.staff != clinician:
                yield Violation(5, f"{_name(s)}: {s.staff} is not client {client}'s clinician")
        qualification = QUAL_OF_KIND[s.kind]
        if qualification not in instance.staff_member[s.staff].qualifications:
            yield Violation(5, f"{_name(s)}: staff {s.staff} lacks {qualification!r}")


def _hours(instance: Instance, sessions: list[Session]):
    """6. Staff and client hours within max_hours; client days within max_days."""
    for staff_id, minutes in sorted(staff_minutes(instance, sessions).items()):
        allowed = instance.staff_member[staff_id].max_hours
        if minutes > allowed * 60 + 1e-9:
            yield Violation(6, f"staff {staff_id} has {hours(minutes)} h, max_hours is {allowed}")
    for client_id, tally in tally_clients(instance, sessions).items():
        client = instance.client[client_id]
        if tally.minutes > client.max_hours * 60 + 1e-9:
            shown = hours(tally.minutes)
            yield Violation(6, f"client {client_id} has {shown} h, max_hours is {client.max_hours}")
        if len(tally.days) > client.max_days:
            days = len(tally.days)
            yield Violation(6, f"client {client_id} has {days} days, max_days is {client.max_days}")


def _apart(instance: Instance, sessions: list[Session]):
    """7. No group session holds both clients of a keep_apart pair."""
    for s in (s for s in sessions if s.kind == "group"):
        members = set(s.clients)
        for a, b in instance.keep_apart:
            if a in members and b in members:
                yield Violation(7, f"{_name(s)} holds {a} and {b}, who must be kept apart")


def _pinned(instance: Instance, sessions: list[Session]):
    """8. Every pinned session appears unchanged (same kind, slot, room, staff, type, clients)."""
    present = Counter(s.key() for s in sessions)
    for i, pin in enumerate(instance.pinned):
        if present[pin.key()] > 0:
            present[pin.key()] -= 1
        else:
            yield Violation(8, f"pinned[{i}] ({_name(pin)}) is missing or changed")
