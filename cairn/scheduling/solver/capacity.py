"""A quick capacity pre-check that explains impossible demand in words.

These are necessary conditions only: passing them does not mean every requirement can be met,
but each message names demand that certainly cannot be. The solver still runs (and reports
the unmet requirements); the messages say why, so a program director can act on them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from .instance import Client, Slot
from .prep import CLIENT, ROOM, STAFF, Prepared, min_minutes
from .tally import hours

MAX_BANDS_FOR_SUBSETS = 6


@dataclass
class CapacityReport:
    messages: list[str] = field(default_factory=list)
    # (client id, requirement, group type or None) -> why it cannot be met
    reasons: dict[tuple, str] = field(default_factory=dict)

    def explain(self, unmet: dict) -> str | None:
        key = (unmet["client"], unmet["requirement"], unmet.get("group_type"))
        return self.reasons.get(key)


def check_capacity(prep: Prepared) -> CapacityReport:
    report = CapacityReport()
    seats = {slot.id: _group_seats(prep, slot) for slot in prep.group_slots}
    for client in prep.instance.clients:
        _one_to_one_reasons(prep, client, report)
        _group_reasons(prep, client, seats, report)
    _clinician_load(prep, report)
    report.messages += sorted(set(report.reasons.values()))
    _band_demand(prep, seats, report)
    return report


def _group_seats(prep: Prepared, slot: Slot) -> dict[str, int]:
    """Per group type, how many clients the slot's free rooms and leaders could seat."""
    inst = prep.instance
    rooms = [r for r in inst.rooms if prep.free(ROOM, r, slot.id)]
    seats = {}
    for kind in inst.group_types:
        caps = sorted((prep.effective_capacity(r, kind) for r in rooms), reverse=True)
        leaders = sum(
            kind.qualification in s.qualifications and prep.free(STAFF, s, slot.id)
            for s in inst.staff
        )
        seats[kind.id] = sum(c for c in caps[:leaders] if c)
    return seats


def _slot_seats(prep: Prepared, slot: Slot) -> int:
    """An upper bound on clients in groups in a slot: the largest rooms, one per leader."""
    inst = prep.instance
    quals = {t.qualification for t in inst.group_types}
    leaders = sum(
        bool(quals & s.qualifications) and prep.free(STAFF, s, slot.id) for s in inst.staff
    )
    caps = [
        max((prep.effective_capacity(r, t) for t in inst.group_types), default=0)
        for r in inst.rooms
        if prep.free(ROOM, r, slot.id)
    ]
    return sum(sorted(caps, reverse=True)[:leaders])


def _one_to_one_reasons(prep: Prepared, client: Client, report: CapacityReport) -> None:
    clinician = prep.instance.staff_member[client.clinician]
    for kind in ("individual", "family"):
        if not prep.remaining(client)[kind]:
            continue
        key = (client.id, f"{kind}_sessions", None)
        if kind not in clinician.qualifications:
            report.reasons[key] = (
                f"client {client.id} needs {kind} sessions but clinician {clinician.id} "
                f"lacks the {kind!r} qualification"
            )
        elif not _shared_slots(prep, client, kind):
            report.reasons[key] = (
                f"client {client.id} and clinician {clinician.id} share no free individual slot "
                f"with a room for {kind} sessions"
            )


def _shared_slots(prep: Prepared, client: Client, kind: str) -> list[Slot]:
    clinician = prep.instance.staff_member[client.clinician]
    rooms = [r for r in prep.instance.rooms if kind in r.kinds and r.capacity >= 1]
    return [
        s
        for s in prep.individual_slots
        if prep.free(CLIENT, client, s.id)
        and prep.free(STAFF, clinician, s.id)
        and any(prep.free(ROOM, r, s.id) for r in rooms)
    ]


def _group_reasons(prep: Prepared, client: Client, seats, report: CapacityReport) -> None:
    usable = [
        s for s in prep.group_slots if prep.free(CLIENT, client, s.id) and any(seats[s.id].values())
    ]
    for type_id, _ in client.required_group_types:
        if prep.remaining(client)[type_id] and not any(seats[s.id][type_id] for s in usable):
            report.reasons[(client.id, "required_group_types", type_id)] = (
                f"no slot where client {client.id} is free can hold a {type_id} group "
                f"(a free room and a leader with the "
                f"{prep.instance.group_type[type_id].qualification!r} qualification)"
            )
    reachable = _reachable_minutes(prep, client, usable)
    if reachable < min_minutes(client.min_hours):
        report.reasons[(client.id, "min_hours", None)] = (
            f"client {client.id} can attend at most {hours(reachable)} h of sessions "
            f"but needs {client.min_hours} h"
        )
    days = {s.day for s in usable} | {s.day for s in _shared_slots(prep, client, "individual")}
    days |= prep.fixed[(CLIENT, client.id)].days
    if len(days) < client.min_days:
        report.reasons[(client.id, "min_days", None)] = (
            f"client {client.id} can come on at most {len(days)} days but needs {client.min_days}"
        )


def _reachable_minutes(prep: Prepared, client: Client, usable: list[Slot]) -> int:
    """An upper bound on the client's hours: free group slots plus the one-to-one sessions."""
    one_to_one = [s.minutes for s in _shared_slots(prep, client, "individual")]
    left = prep.remaining(client)
    longest = sorted(one_to_one, reverse=True)[: left["individual"] + left["family"]]
    # Overlapping group slots count once per set of mutually overlapping slots (an upper bound).
    group = sum(max((s.minutes for s in usable if s.id in c), default=0) for c in prep.cliques)
    return prep.fixed[(CLIENT, client.id)].minutes + group + sum(longest)


def _clinician_load(prep: Prepared, report: CapacityReport) -> None:
    """A clinician cannot hold more one-to-one sessions than free individual slots.

    The message becomes the reason of each of the caseload's one-to-one requirements that has
    no more specific one (only unmet requirements show their reason).
    """
    individual = {x.id for x in prep.individual_slots}
    for clinician in prep.instance.staff:
        caseload = prep.caseload.get(clinician.id, [])
        # Sessions the clinician is not qualified for are explained per client instead.
        needed = sum(
            prep.remaining(c)[kind]
            for c in caseload
            for kind in ("individual", "family")
            if kind in clinician.qualifications
        )
        free = sum(
            any(s in individual and prep.free(STAFF, clinician, s) for s in clique)
            for clique in prep.cliques
        )
        if needed <= free:
            continue
        message = (
            f"clinician {clinician.id}'s caseload needs {needed} one-to-one sessions "
            f"but {clinician.id} is free in only {free} individual time slots"
        )
        for client in caseload:
            for kind in ("individual", "family"):
                report.reasons.setdefault((client.id, f"{kind}_sessions", None), message)


def _band_demand(prep: Prepared, seats, report: CapacityReport) -> None:
    """Clients who can only come in some times of day vs the seats at those times."""
    bands = defaultdict(list)
    for slot in prep.group_slots:
        bands[(slot.start.time(), slot.end.time())].append(slot)
    if not bands or len(bands) > MAX_BANDS_FOR_SUBSETS:
        return
    need = {c.id: _group_minutes_needed(prep, c) for c in prep.instance.clients}
    for size in range(1, len(bands)):
        for subset in combinations(sorted(bands), size):
            slots = [s for band in subset for s in bands[band]]
            _band_message(prep, subset, slots, seats, need, report)


def _group_minutes_needed(prep: Prepared, client: Client) -> int:
    left = prep.remaining(client)
    longest = max((s.minutes for s in prep.individual_slots), default=0)
    one_to_one = (left["individual"] + left["family"]) * longest
    fixed = prep.fixed[(CLIENT, client.id)].minutes
    return max(0, min_minutes(client.min_hours) - fixed - one_to_one)


def _band_message(prep, subset, slots, seats, need, report: CapacityReport) -> None:
    ids = {s.id for s in slots}
    demand = 0
    for client in prep.instance.clients:
        free = [s for s in prep.group_slots if prep.free(CLIENT, client, s.id)]
        if free and all(s.id in ids for s in free):
            demand += min(need[client.id], sum(s.minutes for s in free))
    supply = sum(s.minutes * _slot_seats(prep, s) for s in slots)
    if demand > supply:
        names = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in subset)
        report.messages.append(
            f"clients who can only come to {names} groups need {hours(demand)} client-hours "
            f"of groups, but those slots seat at most {hours(supply)} (rooms and group leaders)"
        )
