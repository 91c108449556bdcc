"""Why a client's requirement was not met, in plain words (e.g. "available only 2 days").

Works on the instance and solution documents alone, so a plan's report can be written when the
optimizer finishes and read later without the database as it was."""

from collections import defaultdict
from datetime import datetime

REQUIREMENT_LABELS = {
    "min_hours": "weekly hours",
    "min_days": "days a week",
    "individual_sessions": "individual sessions",
    "family_sessions": "family sessions",
    "required_group_types": "required groups",
}


def _hours(value: float) -> str:
    return f"{value:g} hour{'s' if value != 1 else ''}"


def _days(value: int) -> str:
    return f"{value} day{'s' if value != 1 else ''}"


class _Week:
    def __init__(self, instance: dict, solution: dict):
        self.slots = {
            s["id"]: (
                s["kind"],
                datetime.fromisoformat(s["start"]),
                datetime.fromisoformat(s["end"]),
            )
            for s in instance["slots"]
        }
        self.staff = {s["id"]: s for s in instance["staff"]}
        self.clients = {c["id"]: c for c in instance["clients"]}
        self.staff_hours = defaultdict(float)
        for session in solution.get("sessions", []):
            _, start, end = self.slots.get(session["slot"], (None, None, None))
            if start:
                self.staff_hours[session["staff"]] += (end - start).total_seconds() / 3600

    def free_slots(self, ref: str, kind: str) -> list[str]:
        person = self.clients.get(ref) or self.staff.get(ref) or {}
        blocked = set(person.get("unavailable", []))
        return [sid for sid, (k, _, _) in self.slots.items() if k == kind and sid not in blocked]

    def union_hours(self, slot_ids: list[str]) -> float:
        spans = sorted((self.slots[s][1], self.slots[s][2]) for s in slot_ids)
        total, current = 0.0, None
        for start, end in spans:
            if current and start <= current[1]:
                current = (current[0], max(current[1], end))
                continue
            if current:
                total += (current[1] - current[0]).total_seconds() / 3600
            current = (start, end)
        if current:
            total += (current[1] - current[0]).total_seconds() / 3600
        return total

    def days(self, slot_ids: list[str]) -> int:
        return len({self.slots[s][1].date() for s in slot_ids})


def _days_reason(week: _Week, ref: str, needed) -> str:
    free = week.free_slots(ref, "group")
    days = week.days(free)
    if days < needed:
        return f"available only {_days(days)} when groups meet (needs {needed})"
    return "the groups on their free days were full, or had no free facilitator or room"


def _hours_reason(week: _Week, ref: str, needed) -> str:
    free = week.free_slots(ref, "group")
    hours = week.union_hours(free)
    if not free:
        return "not available at any time groups meet"
    if hours < needed:
        return f"available for only {_hours(round(hours, 1))} of group time (needs {needed:g})"
    days = week.days(free)
    client = week.clients.get(ref, {})
    if client.get("max_days", 7) < client.get("min_days", 0) or days < client.get("min_days", 0):
        return f"available only {_days(days)} when groups meet"
    return "not enough open group seats at the times they can come"


def _session_reason(week: _Week, ref: str, kind: str, staff_names: dict) -> str:
    client = week.clients.get(ref, {})
    clinician = week.staff.get(client.get("clinician"), {})
    name = staff_names.get(client.get("clinician"), "their clinician")
    if kind not in clinician.get("qualifications", []):
        return f"{name} is not set up for {kind} sessions"
    mine = set(week.free_slots(ref, "individual"))
    theirs = set(week.free_slots(clinician.get("id"), "individual"))
    if not mine:
        return f"not available at any time {kind} sessions are offered"
    if not mine & theirs:
        return f"no hour when both they and {name} are free"
    limit = clinician.get("max_hours", 0)
    if week.staff_hours[clinician.get("id")] >= limit - 1:
        return f"{name}'s week is full ({_hours(limit)} limit)"
    return f"the hours when both they and {name} are free were taken or had no office"


def _group_reason(week: _Week, ref: str, type_id: str, type_names: dict) -> str:
    name = type_names.get(type_id, type_id.replace("_", " "))
    qualification = week.group_qualification.get(type_id)
    qualified = [s for s in week.staff.values() if qualification in s.get("qualifications", [])]
    if qualification and not qualified:
        return f"no staff member is qualified to lead {name} groups"
    if not week.free_slots(ref, "group"):
        return "not available at any time groups meet"
    return f"no {name} group had a seat at a time they can come"


def explain(instance: dict, solution: dict, *, staff_names: dict, type_names: dict) -> list[dict]:
    """Each unmet requirement of the solution with a ``reason`` and a ``label``."""
    week = _Week(instance, solution)
    week.group_qualification = {g["id"]: g["qualification"] for g in instance["group_types"]}
    out = []
    for entry in solution.get("unmet", []):
        ref, what, needed = entry["client"], entry["requirement"], entry.get("needed")
        if what == "min_days":
            reason = _days_reason(week, ref, needed)
        elif what == "min_hours":
            reason = _hours_reason(week, ref, needed)
        elif what in ("individual_sessions", "family_sessions"):
            reason = _session_reason(week, ref, what.split("_")[0], staff_names)
        elif what == "required_group_types" or entry.get("group_type"):
            reason = _group_reason(week, ref, entry.get("group_type", ""), type_names)
        else:
            reason = "could not be fit into this week"
        label = REQUIREMENT_LABELS.get(what, what.replace("_", " "))
        if entry.get("group_type"):
            label = type_names.get(entry["group_type"], entry["group_type"]) + " groups"
        out.append({**entry, "label": label, "reason": reason})
    return out
