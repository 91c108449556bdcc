"""Sessions, the unit of a solution (and of `pinned` and `previous` in an instance)."""

from collections.abc import Mapping
from dataclasses import dataclass

from . import fields as f
from .errors import InstanceError

SESSION_KINDS = ("group", "individual", "family")
SOLUTION_FORMAT = "cairn-schedule-solution/1"


@dataclass(frozen=True)
class Session:
    """One session: a slot, a room, one staff member and its clients.

    `group_type` is set for group sessions only. `clients` keeps the document's order; compare
    sessions with `key()`, which ignores that order.
    """

    kind: str
    slot: str
    room: str
    staff: str
    clients: tuple[str, ...]
    group_type: str | None = None

    def key(self) -> tuple:
        return (
            self.kind,
            self.slot,
            self.room,
            self.staff,
            self.group_type,
            frozenset(self.clients),
        )

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "slot": self.slot, "room": self.room, "staff": self.staff}
        if self.kind == "group":
            out["group_type"] = self.group_type
        out["clients"] = list(self.clients)
        return out


@dataclass(frozen=True)
class Known:
    """The ids a session may reference."""

    slots: Mapping
    rooms: Mapping
    staff: Mapping
    clients: Mapping
    group_types: Mapping


def parse_session(raw: object, path: str, known: Known) -> Session:
    """Parse one session; references must resolve, hard constraints are NOT checked here."""
    obj = f.as_dict(raw, path)
    f.check_keys(
        obj, path, required=("kind", "slot", "room", "staff", "clients"), optional=("group_type",)
    )
    kind = f.choice(obj["kind"], f"{path}.kind", SESSION_KINDS)
    group_type = obj.get("group_type")
    if kind == "group":
        group_type = f.ref(group_type, f"{path}.group_type", known.group_types, "group type")
    elif group_type is not None:
        raise InstanceError(f"{path}.group_type", f"only group sessions have a group type ({kind})")
    clients = f.ref_list(obj["clients"], f"{path}.clients", known.clients, "client")
    return Session(
        kind=kind,
        slot=f.ref(obj["slot"], f"{path}.slot", known.slots, "slot"),
        room=f.ref(obj["room"], f"{path}.room", known.rooms, "room"),
        staff=f.ref(obj["staff"], f"{path}.staff", known.staff, "staff"),
        clients=clients,
        group_type=group_type,
    )


def parse_sessions(raw: object, path: str, known: Known) -> tuple[Session, ...]:
    items = f.as_list(raw, path)
    return tuple(parse_session(item, f"{path}[{i}]", known) for i, item in enumerate(items))


def parse_solution_sessions(raw: object, path: str, known: Known) -> tuple[Session, ...]:
    """The sessions of a solution document; other solution fields are informative only."""
    obj = f.as_dict(raw, path)
    prefix = f"{path}." if path else ""
    if obj.get("format") != SOLUTION_FORMAT:
        shown = obj.get("format")
        raise InstanceError(f"{prefix}format", f"expected {SOLUTION_FORMAT!r}, got {shown!r}")
    if "sessions" not in obj:
        raise InstanceError(f"{prefix}sessions", "missing required field")
    return parse_sessions(obj["sessions"], f"{prefix}sessions", known)
