"""A fast greedy schedule: always valid, used as the CP-SAT hint and as a fallback.

Order matters (measured in the prototype): one-to-one sessions first, because a clinician's
hours filled with groups first left 5-10% of clients without their individual session. Then
every client picks group slots (fewest options first, load-balanced), groups are formed slot by
slot around the required group types, and a last pass tops clients up in groups with room.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from .book import EditableBook
from .instance import Client, GroupType, Slot
from .prep import CLIENT, Prepared, min_minutes
from .sessions import Session


def greedy_schedule(prep: Prepared, start: Iterable[Session] = ()) -> list[Session]:
    """A valid schedule including the pinned sessions; `start` sessions are kept where valid."""
    book = EditableBook(prep)
    _keep_start(book, start)
    _one_to_one_sessions(book)
    plan = _plan_groups(book)
    for slot in sorted(prep.group_slots, key=lambda s: s.start):
        _form_groups(book, slot, plan[slot.id])
    _top_up(book)
    return [s for s in book.sessions if s.clients]


def _keep_start(book: EditableBook, start: Iterable[Session]) -> None:
    """Re-place earlier sessions that are still valid (re-planning changes little)."""
    pinned = Counter(p.key() for p in book.instance.pinned)
    for session in sorted(start, key=lambda s: book.instance.slot[s.slot].start):
        if pinned[session.key()]:
            pinned[session.key()] -= 1
        elif session.kind == "group":
            _keep_group(book, session)
        elif len(session.clients) == 1:
            _keep_one_to_one(book, session)


def _keep_one_to_one(book: EditableBook, session: Session) -> None:
    inst = book.instance
    client = inst.client[session.clients[0]]
    slot, room = inst.slot[session.slot], inst.room[session.room]
    clinician = inst.staff_member[client.clinician]
    if (
        session.staff == clinician.id
        and book.sessions_needed(client, session.kind) > 0
        and slot.kind == "individual"
        and book.client_fits(client, slot)
        and book.staff_fits(clinician, slot, session.kind)
        and book.room_fits(room, slot, session.kind)
    ):
        book.add(session)


def _keep_group(book: EditableBook, session: Session) -> None:
    inst = book.instance
    slot, room = inst.slot[session.slot], inst.room[session.room]
    kind = inst.group_type[session.group_type]
    staff = inst.staff_member[session.staff]
    if slot.kind != "group" or not book.staff_fits(staff, slot, kind.qualification):
        return
    size = book.prep.effective_capacity(room, kind)
    if not size or not book.room_fits(room, slot, "group"):
        return
    members: list[str] = []
    for client_id in session.clients:
        client = inst.client[client_id]
        apart = book.apart_ok(client_id, slot.id, kind.id) and not book.partners[client_id] & set(
            members
        )
        if apart and book.client_fits(client, slot) and len(members) < size:
            members.append(client_id)
    if len(members) >= kind.min_size:
        book.add(Session("group", slot.id, room.id, staff.id, tuple(members), kind.id))


def _one_to_one_sessions(book: EditableBook) -> None:
    """Individual and family sessions, the most constrained clients first."""
    wants = []
    for client in book.instance.clients:
        for kind in ("individual", "family"):
            wants += [(client, kind)] * book.sessions_needed(client, kind)
    options = {
        c.id: sum(book.client_fits(c, s) for s in book.prep.individual_slots) for c, _ in wants
    }
    for client, kind in sorted(wants, key=lambda w: options[w[0].id]):
        placed = _best_one_to_one(book, client, kind)
        if placed:
            slot, room = placed
            book.add(Session(kind, slot.id, room.id, client.clinician, (client.id,)))


def _best_one_to_one(book: EditableBook, client: Client, kind: str):
    inst = book.instance
    clinician = inst.staff_member[client.clinician]
    best, best_score = None, None
    for slot in book.prep.individual_slots:
        if not (book.client_fits(client, slot) and book.staff_fits(clinician, slot, kind)):
            continue
        rooms = [r for r in inst.rooms if book.room_fits(r, slot, kind)]
        if not rooms:
            continue
        # Keep family rooms for family sessions; spread a client's sessions over days.
        room = min(rooms, key=lambda r: (len(r.kinds), r.capacity))
        score = (slot.id not in client.preferred_slots, slot.day in book.days[client.id])
        if best_score is None or score < best_score:
            best, best_score = (slot, room), score
    return best


def _slot_capacity(book: EditableBook, slot: Slot) -> int:
    """A rough number of clients the slot's free rooms and group leaders can hold."""
    inst = book.instance
    largest = max(t.max_size for t in inst.group_types)
    rooms = [min(r.capacity, largest) for r in inst.rooms if book.room_fits(r, slot, "group")]
    quals = {t.qualification for t in inst.group_types}
    leaders = sum(any(book.staff_fits(s, slot, q) for q in quals) for s in inst.staff)
    rooms.sort(reverse=True)
    return int(sum(rooms[:leaders]) * 0.9)


def _plan_groups(book: EditableBook) -> dict[str, list[str]]:
    """Which group slots each client will attend: enough for hours, days and group types."""
    capacity = {s.id: _slot_capacity(book, s) for s in book.prep.group_slots}
    load: Counter = Counter()
    plan: dict[str, list[str]] = defaultdict(list)
    fits = {
        c.id: [s for s in book.prep.group_slots if book.client_fits(c, s)]
        for c in book.instance.clients
    }
    for client in sorted(book.instance.clients, key=lambda c: len(fits[c.id])):
        for slot in _client_plan(book, client, fits[client.id], load, capacity):
            plan[slot.id].append(client.id)
            load[slot.id] += 1
    return plan


def _client_plan(book, client: Client, options: list[Slot], load, capacity) -> list[Slot]:
    minutes = book.minutes[(CLIENT, client.id)]
    days = set(book.days[client.id])
    groups_needed = sum(book.type_needs(client).values())
    chosen: list[Slot] = []
    while (
        minutes < min_minutes(client.min_hours)
        or len(days) < client.min_days
        or (len(chosen) < groups_needed)
    ):
        usable = [
            s
            for s in options
            if s not in chosen
            and not any(book.prep.overlapping[s.id] & {c.id} for c in chosen)
            and minutes + s.minutes <= client.max_hours * 60 + 1e-9
            and len(days | {s.day}) <= client.max_days
        ]
        if not usable:
            break

        def score(s: Slot, days=days) -> tuple:
            full = load[s.id] >= capacity[s.id]
            old_day = s.day in days and len(days) < client.min_days
            return (
                full,
                old_day,
                s.id not in client.preferred_slots,
                load[s.id] / (capacity[s.id] or 1),
            )

        best = min(usable, key=score)
        chosen.append(best)
        minutes += best.minutes
        days.add(best.day)
    return chosen


def _form_groups(book: EditableBook, slot: Slot, attendee_ids: list[str]) -> None:
    """Open groups in one slot: the most needed group type first, sizes about even."""
    inst = book.instance
    pending = [inst.client[c] for c in attendee_ids if book.client_fits(inst.client[c], slot)]
    rooms = sorted(
        (r for r in inst.rooms if book.room_fits(r, slot, "group")), key=lambda r: -r.capacity
    )
    while pending and rooms:
        opened = _open_one_group(book, slot, pending, rooms)
        if not opened:
            break
        pending = [c for c in pending if c.id not in opened.clients]
        rooms = [r for r in rooms if r.id != opened.room]
    for client in pending:
        _join_group(book, client, [slot])


def _open_one_group(book, slot: Slot, pending: list[Client], rooms) -> Session | None:
    inst = book.instance
    needs = {c.id: book.type_needs(c) for c in pending}
    demand = Counter(t for c in pending for t in needs[c.id])
    kinds = sorted(inst.group_types, key=lambda t: (-demand[t.id], -t.max_size))
    for kind in kinds:
        leader = _leader(book, slot, kind)
        room = next((r for r in rooms if book.prep.effective_capacity(r, kind)), None)
        if not leader or not room:
            continue
        size = book.prep.effective_capacity(room, kind)
        groups_left = max(1, math.ceil(len(pending) / size))
        target = min(size, math.ceil(len(pending) / groups_left))
        members = _members(book, slot, kind, pending, needs, target)
        if len(members) >= kind.min_size:
            session = Session("group", slot.id, room.id, leader.id, tuple(members), kind.id)
            book.add(session)
            return session
    return None


def _leader(book, slot: Slot, kind: GroupType):
    staff = [s for s in book.instance.staff if book.staff_fits(s, slot, kind.qualification)]
    return min(staff, key=lambda s: book.minutes[("staff", s.id)], default=None)


def _members(book, slot: Slot, kind: GroupType, pending, needs, target: int) -> list[str]:
    """Clients who need this type first, then those who need nothing, then the rest."""
    order = sorted(pending, key=lambda c: (kind.id not in needs[c.id], bool(needs[c.id])))
    members: list[str] = []
    for client in order:
        if len(members) >= target:
            break
        wanted = kind.id in needs[client.id] or not needs[client.id] or len(members) < kind.min_size
        clash = book.partners[client.id] & set(members)
        if wanted and not clash and book.apart_ok(client.id, slot.id, kind.id):
            members.append(client.id)
    return members


def _join_group(book: EditableBook, client: Client, slots: list[Slot]) -> bool:
    """Add the client to an existing group with a free seat in one of `slots`."""
    inst = book.instance
    needs = book.type_needs(client)
    best, best_score = None, None
    for index, session in enumerate(book.sessions):
        slot = inst.slot[session.slot]
        if (
            index < book.pinned_count
            or session.kind != "group"
            or slot not in slots
            or not book.client_fits(client, slot)
        ):
            continue
        kind = inst.group_type[session.group_type]
        room = inst.room[session.room]
        if len(session.clients) >= book.prep.effective_capacity(room, kind):
            continue
        if not book.apart_ok(client.id, slot.id, kind.id):
            continue
        score = (
            kind.id not in needs,
            slot.day in book.days[client.id],
            slot.id not in client.preferred_slots,
        )
        if best_score is None or score < best_score:
            best, best_score = index, score
    if best is None:
        return False
    book.add_member(best, client.id)
    return True


def _top_up(book: EditableBook) -> None:
    """Clients still short of hours, days or group types join groups that have room.

    When every group they could join is full, a member who can move to a free seat in another
    slot (without losing anything they need) makes room: re-planning after availability
    changes needs such chains, and CP-SAT's local search finds them only slowly.
    """
    slots = book.prep.group_slots
    for client in book.instance.clients:
        while _short(book, client) and (
            _join_group(book, client, slots) or _bump_into(book, client)
        ):
            pass
        for type_id in list(book.type_needs(client)):
            _swap_into(book, client, type_id)


def _short(book: EditableBook, client: Client) -> bool:
    return bool(book.short_minutes(client) or book.short_days(client) or book.type_needs(client))


def _open_seats(book: EditableBook) -> list[int]:
    inst = book.instance
    return [
        i
        for i, s in enumerate(book.sessions)
        if i >= book.pinned_count
        and s.kind == "group"
        and len(s.clients)
        < book.prep.effective_capacity(inst.room[s.room], inst.group_type[s.group_type])
    ]


def _bump_into(book: EditableBook, client: Client) -> bool:
    """Free a seat for the client in a full group by moving one member elsewhere."""
    inst = book.instance
    seats = _open_seats(book)
    needs = book.type_needs(client)
    full = [
        i
        for i, s in enumerate(book.sessions)
        if i >= book.pinned_count
        and s.kind == "group"
        and i not in seats
        and book.client_fits(client, inst.slot[s.slot])
        and book.apart_ok(client.id, s.slot, s.group_type)
    ]
    full.sort(key=lambda i: book.sessions[i].group_type not in needs)
    for index in full:
        for member in book.sessions[index].clients:
            target = _new_seat(book, inst.client[member], index, seats)
            if target is not None:
                book.remove_member(index, member)
                book.add_member(target, member)
                book.add_member(index, client.id)
                return True
    return False


def _new_seat(book: EditableBook, member: Client, source: int, seats: list[int]) -> int | None:
    """A free seat in another slot that gives the member at least what the source gave."""
    inst = book.instance
    old = book.sessions[source]
    old_slot = inst.slot[old.slot]
    needed = dict(member.required_group_types).get(old.group_type, 0)
    keep_type = book.done[member.id][("group", old.group_type)] <= needed
    same_day_elsewhere = (
        sum(inst.slot[s].day == old_slot.day for s in book.booked[("client", member.id)]) > 1
    )
    for index in seats:
        target = book.sessions[index]
        slot = inst.slot[target.slot]
        if keep_type and target.group_type != old.group_type:
            continue
        if slot.minutes < old_slot.minutes or not (same_day_elsewhere or slot.day == old_slot.day):
            continue
        if book.client_fits(member, slot) and book.apart_ok(member.id, slot.id, target.group_type):
            return index
    return None


def _swap_into(book: EditableBook, client: Client, type_id: str) -> None:
    """Move the client, within a slot, from a group it can spare into one of a needed type."""
    inst = book.instance
    kind = inst.group_type[type_id]
    for src, session in enumerate(book.sessions):
        if session.kind != "group" or client.id not in session.clients:
            continue
        source_kind = inst.group_type[session.group_type]
        needed = dict(client.required_group_types).get(source_kind.id, 0)
        if book.done[client.id][("group", source_kind.id)] <= needed:
            continue
        if len(session.clients) <= source_kind.min_size or src < book.pinned_count:
            continue
        for dst, target in enumerate(book.sessions):
            if (
                target.kind != "group"
                or target.slot != session.slot
                or target.group_type != type_id
            ):
                continue
            room = inst.room[target.room]
            if len(target.clients) >= book.prep.effective_capacity(room, kind):
                continue
            if not book.apart_ok(client.id, target.slot, type_id):
                continue
            book.remove_member(src, client.id)
            book.add_member(dst, client.id)
            return
