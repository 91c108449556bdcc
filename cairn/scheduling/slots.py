"""The week cut into slots (contract ``cairn-schedule/1``): each track's daily block becomes
group slots of the program's group length; individual and family sessions get hourly (or the
configured length) slots through the program's individual hours."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cairn.core.models import Track
from cairn.scheduling.models import ScheduleSettings
from cairn.scheduling.weeks import Week, local_iso

DAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Slot:
    id: str
    kind: str  # "group" or "individual" (which also holds family sessions)
    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end

    def to_doc(self) -> dict:
        tz = self.start.tzinfo
        return {
            "id": self.id,
            "kind": self.kind,
            "start": local_iso(self.start, tz),
            "end": local_iso(self.end, tz),
        }


def slot_id(kind: str, start: datetime, end: datetime) -> str:
    prefix = "g" if kind == "group" else "i"
    return f"{prefix}-{DAY_CODES[start.weekday()]}-{start:%H%M}-{end:%H%M}"


@dataclass
class WeekSlots:
    """Every standard slot of the week, and which ones suit each track's clients best."""

    slots: dict[str, Slot] = field(default_factory=dict)
    track_groups: dict[int, list[str]] = field(default_factory=dict)
    track_individual: dict[int, list[str]] = field(default_factory=dict)
    track_of_slot: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, start: datetime, end: datetime) -> Slot:
        sid = slot_id(kind, start, end)
        return self.slots.setdefault(sid, Slot(sid, kind, start, end))

    def find(self, kind: str, start: datetime, end: datetime) -> Slot | None:
        slot = self.slots.get(slot_id(kind, start, end))
        return slot if slot and slot.start == start and slot.end == end else None


def week_slots(week: Week, tracks: list[Track], settings: ScheduleSettings) -> WeekSlots:
    out = WeekSlots()
    length = timedelta(minutes=settings.group_minutes)
    for track in tracks:
        ids = out.track_groups.setdefault(track.pk, [])
        for day in week.days:
            if day.isoweekday() not in track.days:
                continue
            begin, finish = week.at(day, track.start_time), week.at(day, track.end_time)
            cursor = begin
            while cursor < finish:
                end = min(finish, cursor + length)
                if end - cursor < length and cursor != begin:
                    break  # a remainder shorter than a group: not a slot of its own
                slot = out.add("group", cursor, end)
                ids.append(slot.id)
                out.track_of_slot.setdefault(slot.id, track.pk)
                cursor = end
    individual = timedelta(minutes=settings.individual_minutes)
    for day in week.days:
        if day.isoweekday() not in settings.individual_days:
            continue
        cursor = week.at(day, settings.individual_from)
        last = week.at(day, settings.individual_until)
        while cursor + individual <= last:
            out.add("individual", cursor, cursor + individual)
            cursor += individual
    for track in tracks:
        near = out.track_individual.setdefault(track.pk, [])
        for day in week.days:
            if day.isoweekday() not in track.days:
                continue
            begin, finish = week.at(day, track.start_time), week.at(day, track.end_time)
            near.extend(
                slot.id
                for slot in out.slots.values()
                if slot.kind == "individual" and (slot.end == begin or slot.start == finish)
            )
    return out
