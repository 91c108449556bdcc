"""Turn model values back into sessions: rooms, leaders and clients per group, sizes balanced."""

from collections import defaultdict

from .instance import GroupType, Room
from .model import ScheduleModel
from .objectives import previous_assignments
from .sessions import Session


def decode(sm: ScheduleModel, values: list[int]) -> list[Session]:
    """The schedule a model solution stands for, pinned sessions first."""
    inst = sm.prep.instance
    rooms, leaders, members = defaultdict(list), defaultdict(list), defaultdict(list)
    for (room, slot, kind), var in sm.room_group.items():
        if _on(values, var):
            rooms[(slot, kind)].append(inst.room[room])
    for (staff, slot, qualification), var in sm.lead.items():
        if _on(values, var):
            leaders[(slot, qualification)].append(staff)
    for (client, slot, kind), var in sm.typed.items():
        if _on(values, var):
            members[(slot, kind)].append(client)
    for key, clients in _filler_types(sm, values).items():
        members[key] += clients
    sessions = list(inst.pinned)
    for (slot, kind), used in rooms.items():
        group_type = inst.group_type[kind]
        staff = leaders[(slot, group_type.qualification)]
        sessions += _groups(sm, slot, group_type, used, staff, members[(slot, kind)])
    sessions += _one_to_one(sm, values)
    return sessions


def _on(values: list[int], var) -> bool:
    return values[var.index] > 0


def _filler_types(sm: ScheduleModel, values: list[int]) -> dict[tuple[str, str], list[str]]:
    """Give each untyped client in a slot a group type, within the model's filler counts.

    A client goes to its previous type if it has a seat left, then to a type it still needs,
    then anywhere; both preferences can only lower the reported changes and shortfalls.
    """
    inst = sm.prep.instance
    previous, _ = previous_assignments(sm)
    seats = {key: values[var.index] for key, var in sm.filler.items()}
    typed = {(c, s) for (c, s, _), var in sm.typed.items() if _on(values, var)}
    out = defaultdict(list)
    for (client, slot), var in sm.attend.items():
        if not _on(values, var) or (client, slot) in typed:
            continue
        wanted = [previous[client].get(slot)] + [
            t for t, _ in inst.client[client].required_group_types
        ]
        options = [t for t in wanted if seats.get((slot, t), 0) > 0]
        options += [t for t in sm.hostable[slot] if seats.get((slot, t), 0) > 0]
        type_id = options[0]
        seats[(slot, type_id)] -= 1
        out[(slot, type_id)].append(client)
    return out


def _groups(sm, slot: str, group_type: GroupType, rooms, leaders, clients) -> list[Session]:
    """Split one slot's clients of one type over its rooms; leaders are per qualification."""
    capacities = [sm.prep.effective_capacity(r, group_type) for r in rooms]
    sizes = balanced_sizes(len(clients), capacities, group_type)
    out, start = [], 0
    for room, size in zip(rooms, sizes, strict=True):
        members = tuple(clients[start : start + size])
        out.append(Session("group", slot, room.id, leaders.pop(0), members, group_type.id))
        start += size
    return out


def balanced_sizes(total: int, capacities: list[int], group_type: GroupType) -> list[int]:
    """Split `total` clients over groups as evenly as the rooms allow, each >= min_size.

    Water-filling: every group starts at min_size, then each remaining client joins the
    smallest group that still has a free seat.
    """
    sizes = [group_type.min_size] * len(capacities)
    for _ in range(total - sum(sizes)):
        open_groups = [i for i, cap in enumerate(capacities) if sizes[i] < cap]
        smallest = min(open_groups, key=lambda i: (sizes[i], -capacities[i]))
        sizes[smallest] += 1
    return sizes


def _one_to_one(sm: ScheduleModel, values: list[int]) -> list[Session]:
    inst = sm.prep.instance
    rooms: dict[tuple[str, str], list[Room]] = defaultdict(list)
    for (kind, room, slot), var in sm.room_one.items():
        if _on(values, var):
            rooms[(kind, slot)].append(inst.room[room])
    out = []
    for (kind, client, slot), var in sm.one.items():
        if _on(values, var):
            room = rooms[(kind, slot)].pop(0)
            clinician = inst.client[client].clinician
            out.append(Session(kind, slot, room.id, clinician, (client,)))
    return out
