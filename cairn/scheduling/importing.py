"""Turn an approved plan's solution (contract ``cairn-schedule-solution/1``) into sessions.

Pinned sessions are in every solution unchanged and are left alone. Sessions an earlier
approval created and nobody fixed since are matched by (kind, time, room, staff, group type):
kept with their roster brought up to date, or cancelled when the new plan drops them. Nothing is
deleted (cancelled sessions and bookings stay on record)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from cairn.core.models import Track
from cairn.scheduling.building import is_fixed, ref_id, week_sessions
from cairn.scheduling.models import GroupType, SchedulePlan, Session, SessionParticipant
from cairn.scheduling.weeks import Week, from_local_iso


class PlanError(Exception):
    """A plan cannot be approved; the message says why in plain words."""


@dataclass
class Applied:
    created: int = 0
    kept: int = 0
    cancelled: int = 0


def _key(doc: dict) -> tuple:
    return (doc["kind"], doc["slot"], doc["room"], doc["staff"], doc.get("group_type"))


def _slot_ref(session: Session, slot_times: dict) -> str | None:
    kind = "group" if session.kind == "group" else "individual"
    return slot_times.get((kind, session.starts_at, session.ends_at))


def _track_for(tracks: list[Track], start: datetime, end: datetime) -> int | None:
    for track in tracks:
        inside = track.start_time <= start.time() and end.time() <= track.end_time
        if start.isoweekday() in track.days and inside:
            return track.pk
    return None


def apply_solution(plan: SchedulePlan, now: datetime | None = None) -> Applied:
    """Create, keep or cancel the week's sessions to match ``plan`` (inside the caller's
    transaction)."""
    now = now or timezone.now()
    program = plan.program
    tz = program.tz
    week = Week(plan.week_start, tz)
    slots = {
        s["id"]: (s["kind"], from_local_iso(s["start"], tz), from_local_iso(s["end"], tz))
        for s in plan.instance["slots"]
    }
    slot_times = {times: sid for sid, times in slots.items()}
    pinned = {_key(doc) for doc in plan.instance.get("pinned") or []}
    wanted = [doc for doc in plan.solution["sessions"] if _key(doc) not in pinned]
    late = [doc for doc in wanted if slots[doc["slot"]][1] < now]
    if late:
        start = slots[late[0]["slot"]][1].astimezone(tz)
        raise PlanError(
            f"This plan has sessions from {start:%a %b %-d %H:%M}, which has passed. "
            "Plan the week again."
        )
    existing = defaultdict(list)
    for session in week_sessions(program, week).filter(status=Session.Status.SCHEDULED):
        if is_fixed(session, now):
            continue
        ref = _slot_ref(session, slot_times)
        code = session.group_type.code if session.group_type else None
        room = f"r{session.room_id}" if session.room_id else None
        existing[(session.kind, ref, room, f"s{session.facilitator_id}", code)].append(session)
    types = {gt.code: gt.pk for gt in GroupType.objects.filter(program=program)}
    tracks = list(Track.objects.filter(program=program, active=True))
    result, to_create = Applied(), []
    for doc in wanted:
        matches = existing.get(_key(doc))
        if matches:
            _update_roster(matches.pop(0), {ref_id(c) for c in doc["clients"]})
            result.kept += 1
            continue
        _, start, end = slots[doc["slot"]]
        session = Session(
            program=program,
            kind=doc["kind"],
            group_type_id=types.get(doc.get("group_type")) if doc["kind"] == "group" else None,
            starts_at=start,
            ends_at=end,
            room_id=ref_id(doc["room"]),
            facilitator_id=ref_id(doc["staff"]),
            track_id=_track_for(tracks, start, end) if doc["kind"] == "group" else None,
            plan=plan,
        )
        to_create.append((session, doc["clients"]))
    created = Session.objects.bulk_create([s for s, _ in to_create])
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=session, client_id=ref_id(ref))
        for session, (_, refs) in zip(created, to_create, strict=True)
        for ref in refs
    )
    result.created = len(created)
    leftovers = [s.pk for group in existing.values() for s in group]
    result.cancelled = Session.objects.filter(pk__in=leftovers).update(
        status=Session.Status.CANCELLED,
        cancel_reason=f"Replaced by the plan approved {timezone.localtime(now, tz):%b %-d}",
        version=F("version") + 1,
    )
    return result


def _update_roster(session: Session, client_ids: set[int]) -> None:
    rows = {row.client_id: row for row in session.participants.all()}
    changed = False
    for client_id, row in rows.items():
        keep = client_id in client_ids
        if row.cancelled == keep:
            row.cancelled = not keep
            row.save(update_fields=["cancelled"])
            changed = True
    missing = client_ids - set(rows)
    if missing:
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, client_id=cid) for cid in sorted(missing)
        )
        changed = True
    if changed:
        session.version += 1
        session.save(update_fields=["version"])
