"""Build the weekly schedule instance (contract ``cairn-schedule/1``) from the database.

Ids in the instance: slots ``g-mon-0900-1030`` / ``i-tue-1300-1400`` (``p<session id>`` for a
fixed session at an unusual time), rooms ``r<id>`` (``v<session id>``: the virtual room of a
fixed telehealth session), staff ``s<user id>``, clients ``c<client id>``, group types their
catalog code. ``importing.py`` reads them back.

Sessions already held, edited by hand (``pinned``) or already started are *fixed*: they go in
as ``pinned`` when the contract can express them, otherwise their time is blocked for everyone
in them and their hours are taken off the client's requirements. Sessions planned earlier and
still movable go in as ``previous``, so re-planning keeps as much of the week as it can.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from cairn.accounts.models import StaffRole
from cairn.accounts.roles import Role
from cairn.clients.models import Episode
from cairn.core.models import Track
from cairn.scheduling.availability import client_conflict, room_conflict, staff_conflict
from cairn.scheduling.models import (
    BASE_QUALIFICATIONS,
    ClientScheduleNeeds,
    ClientUnavailability,
    GroupType,
    KeepApart,
    Room,
    RoomClosure,
    SchedulePlan,
    ScheduleSettings,
    Session,
    SessionParticipant,
    StaffProfile,
    StaffTimeOff,
)
from cairn.scheduling.slots import Slot, WeekSlots, week_slots
from cairn.scheduling.weeks import Week

FORMAT = "cairn-schedule/1"
SOLUTION_FORMAT = "cairn-schedule-solution/1"
ROOM_KINDS = ("group", "individual", "family")
#: Care roles planned with the base qualifications until a staff profile says otherwise.
DEFAULT_PLANNED_ROLES = (Role.CLINICIAN, Role.SUPERVISOR)


def staff_ref(user_id: int) -> str:
    return f"s{user_id}"


def client_ref(client_id: int) -> str:
    return f"c{client_id}"


def room_ref(room_id: int) -> str:
    return f"r{room_id}"


def ref_id(ref: str) -> int | None:
    """The database id in ``s12`` / ``c34`` / ``r5`` (None for virtual rooms and others)."""
    try:
        return int(ref[1:]) if ref[:1] in "scr" else None
    except ValueError:
        return None


@dataclass
class BuiltWeek:
    doc: dict
    fingerprint: str
    skipped: dict[int, str] = field(default_factory=dict)  # client id → why not planned
    fixed_outside: list[int] = field(default_factory=list)  # session ids blocked, not pinned


def week_sessions(program, week: Week):
    return (
        Session.objects.filter(
            program=program, starts_at__gte=week.starts_at, starts_at__lt=week.ends_at
        )
        .select_related("group_type", "room")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=SessionParticipant.objects.filter(cancelled=False),
                to_attr="active_participants",
            )
        )
        .order_by("starts_at", "pk")
    )


def fingerprint(program, week: Week) -> str:
    """What the week's sessions look like now; approval refuses a plan built on another state."""
    rows = Session.objects.filter(
        program=program, starts_at__gte=week.starts_at, starts_at__lt=week.ends_at
    ).values_list("pk", "version", "status", "pinned")
    text = ";".join(f"{pk}:{v}:{s}:{p:d}" for pk, v, s, p in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()


def is_fixed(session: Session, now: datetime) -> bool:
    return session.status == Session.Status.HELD or session.pinned or session.starts_at < now


class _Builder:
    def __init__(self, program, week_start, now):
        self.program = program
        self.week = Week(week_start, program.tz)
        self.now = now
        self.settings = ScheduleSettings.for_program(program)
        self.tracks = list(Track.objects.filter(program=program, active=True))
        self.all_slots: WeekSlots = week_slots(self.week, self.tracks, self.settings)
        # Nothing new is planned into the past: only slots that start after now.
        self.slots: dict[str, Slot] = {
            sid: slot for sid, slot in self.all_slots.slots.items() if slot.start >= now
        }
        self.unavailable: dict[str, set[str]] = defaultdict(set)
        self.skipped: dict[int, str] = {}
        self.fixed_outside: list[int] = []

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        week = self.week
        self.rooms = {
            room_ref(room.pk): room
            for room in Room.objects.filter(program=self.program, active=True).prefetch_related(
                Prefetch(
                    "closures",
                    queryset=RoomClosure.objects.filter(
                        starts_at__lt=week.ends_at, ends_at__gt=week.starts_at
                    ),
                    to_attr="week_closures",
                )
            )
        }
        self.group_types = {
            gt.code: gt for gt in GroupType.objects.filter(program=self.program, active=True)
        }
        self._load_clients()
        self._load_staff()
        self.sessions = list(week_sessions(self.program, week).exclude(status="cancelled"))

    def _load_clients(self) -> None:
        episodes = (
            Episode.objects.filter(
                program=self.program, status=Episode.Status.ACTIVE, client__status="active"
            )
            .select_related("client")
            .order_by("client_id")
        )
        self.episodes = {}
        for episode in episodes:
            if episode.primary_clinician_id is None:
                self.skipped[episode.client_id] = "has no primary clinician"
                continue
            self.episodes[episode.client_id] = episode
        ids = list(self.episodes)
        self.needs = {n.client_id: n for n in ClientScheduleNeeds.objects.filter(client_id__in=ids)}
        self.client_rows = defaultdict(list)
        rows = ClientUnavailability.objects.filter(client_id__in=ids).filter(
            Q(kind="recurring") | Q(starts_on__lte=self.week.end, ends_on__gte=self.week.start)
        )
        for row in rows:
            self.client_rows[row.client_id].append(row)

    def _load_staff(self) -> None:
        week = self.week
        profiles = StaffProfile.objects.filter(program=self.program).prefetch_related(
            "hours",
            Prefetch(
                "time_off",
                queryset=StaffTimeOff.objects.filter(
                    starts_on__lte=week.end, ends_on__gte=week.start
                ),
            ),
        )
        self.profiles = {p.user_id: p for p in profiles}
        planned = set(
            StaffRole.objects.filter(
                program=self.program, role__in=DEFAULT_PLANNED_ROLES, user__is_active=True
            ).values_list("user_id", flat=True)
        )
        clinicians = {e.primary_clinician_id for e in self.episodes.values()}
        self.staff_ids = (
            {uid for uid, p in self.profiles.items() if p.schedulable}
            | (planned - set(self.profiles))
            | clinicians
        )

    # --- documents -----------------------------------------------------------------------

    def staff_doc(self, user_id: int) -> dict:
        profile = self.profiles.get(user_id)
        if profile is None:
            quals, max_hours = sorted(BASE_QUALIFICATIONS), self.settings.staff_max_hours
            hours, time_off = [], []
        elif not profile.schedulable:
            quals, max_hours, hours, time_off = [], profile.max_hours, [], []
        else:
            quals, max_hours = sorted(profile.qualifications or []), profile.max_hours
            hours, time_off = list(profile.hours.all()), list(profile.time_off.all())
        ref = staff_ref(user_id)
        tz = self.week.tz
        for slot in self.slots.values():
            if staff_conflict(hours, time_off, slot.start.astimezone(tz), slot.end.astimezone(tz)):
                self.unavailable[ref].add(slot.id)
        return {"id": ref, "qualifications": quals, "max_hours": max_hours}

    def client_doc(self, episode: Episode) -> dict:
        settings, needs = self.settings, self.needs.get(episode.client_id)
        ref, tz = client_ref(episode.client_id), self.week.tz
        rows = self.client_rows.get(episode.client_id, [])
        for slot in self.slots.values():
            if rows and client_conflict(rows, slot.start.astimezone(tz), slot.end.astimezone(tz)):
                self.unavailable[ref].add(slot.id)
        min_hours = float(episode.weekly_min_hours)
        max_hours = needs.max_hours if needs else settings.client_max_hours
        min_days = needs.min_days if needs else settings.client_min_days
        max_days = needs.max_days if needs else settings.client_max_days
        track = episode.track_id
        preferred = [
            *self.all_slots.track_groups.get(track, []),
            *self.all_slots.track_individual.get(track, []),
        ]
        return {
            "id": ref,
            "clinician": staff_ref(episode.primary_clinician_id),
            "min_hours": min_hours,
            "max_hours": max(float(max_hours), min_hours),
            "min_days": min(min_days, max_days),
            "max_days": max_days,
            "individual_sessions": needs.individual_sessions
            if needs
            else settings.individual_sessions,
            "family_sessions": needs.family_sessions if needs else settings.family_sessions,
            "required_group_types": {
                code: gt.required_per_week
                for code, gt in sorted(self.group_types.items())
                if gt.required_per_week
            },
            "preferred_slots": [sid for sid in preferred if sid in self.slots],
        }

    def room_doc(self, ref: str, room: Room) -> dict:
        for slot in self.slots.values():
            if room_conflict(room.week_closures, slot.start, slot.end):
                self.unavailable[ref].add(slot.id)
        return {
            "id": ref,
            "kinds": [k for k in ROOM_KINDS if k in (room.kinds or [])],
            "capacity": room.capacity,
        }

    # --- fixed and earlier sessions -----------------------------------------------------

    def slot_for(self, session: Session, *, create: bool) -> Slot | None:
        kind = "group" if session.kind == "group" else "individual"
        tz = self.week.tz
        start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
        standard = self.all_slots.find(kind, start, end)
        if standard is None and not create:
            return None
        slot = standard or Slot(f"p{session.pk}", kind, start, end)
        if create:
            self.slots.setdefault(slot.id, slot)
        return slot if slot.id in self.slots else None

    def session_doc(self, session: Session, slot: Slot, room: str) -> dict:
        doc = {
            "kind": session.kind,
            "slot": slot.id,
            "room": room,
            "staff": staff_ref(session.facilitator_id),
        }
        if session.kind == "group":
            doc["group_type"] = session.group_type.code
        doc["clients"] = sorted(
            (client_ref(p.client_id) for p in session.active_participants),
            key=lambda ref: int(ref[1:]),
        )
        return doc

    def why_not_pinnable(self, session: Session, clients: dict, staff: dict) -> str | None:
        refs = [client_ref(p.client_id) for p in session.active_participants]
        if any(ref not in clients for ref in refs):
            return "a client in it is not in this week's plan"
        person = staff.get(staff_ref(session.facilitator_id))
        if person is None:
            return "its facilitator is not in the plan"
        if session.kind == "group":
            gt = self.group_types.get(session.group_type.code if session.group_type else "")
            if gt is None:
                return "its group type is not in the active catalog"
            if not (max(1, gt.min_size) <= len(refs) <= gt.max_size):
                return "its size is outside the group type's limits"
            if session.room_id and len(refs) > session.room.capacity:
                return "it holds more clients than its room"
            if gt.qualification not in person["qualifications"]:
                return "its facilitator lacks the group's qualification"
            pairs = {tuple(sorted(p)) for p in self.keep_apart}
            if any(tuple(sorted((a, b))) in pairs for a in refs for b in refs if a < b):
                return "it holds a keep-apart pair"
            return None
        if len(refs) != 1 or clients[refs[0]]["clinician"] != person["id"]:
            return "it is not with the client's own clinician"
        if session.kind not in person["qualifications"]:
            return "its clinician lacks the qualification"
        return None

    def place_fixed(self, clients: dict, staff: dict, rooms: dict) -> list[dict]:
        pinned, busy, extra = [], defaultdict(list), set()
        for session in self.sessions:
            if not is_fixed(session, self.now):
                continue
            if staff_ref(session.facilitator_id) not in staff:
                # Someone outside the plan ran this session: in for it alone.
                extra.add(staff_ref(session.facilitator_id))
                staff[staff_ref(session.facilitator_id)] = self.staff_doc(session.facilitator_id)
            why = self.why_not_pinnable(session, clients, staff)
            refs = [client_ref(p.client_id) for p in session.active_participants]
            people = [staff_ref(session.facilitator_id), *refs]
            if session.room_id and room_ref(session.room_id) in rooms:
                people.append(room_ref(session.room_id))
            start, end = session.starts_at, session.ends_at
            if why is None and any(s < end and start < e for ref in people for s, e in busy[ref]):
                why = "it overlaps another fixed session"
            if why is not None:
                self.absorb(session, refs, clients, staff, rooms)
                continue
            slot = self.slot_for(session, create=True)
            room = room_ref(session.room_id) if session.room_id else f"v{session.pk}"
            if room not in rooms:
                room = f"v{session.pk}"
                rooms[room] = {"id": room, "kinds": [session.kind], "capacity": max(1, len(refs))}
            for ref in people:
                busy[ref].append((session.starts_at, session.ends_at))
                self.unavailable[ref].discard(slot.id)
            self.unavailable[room].discard(slot.id)
            pinned.append(self.session_doc(session, slot, room))
        # Virtual rooms and people in the plan only for a fixed session take nothing else.
        for ref in [r for r in rooms if r.startswith("v")] + sorted(extra):
            own = {p["slot"] for p in pinned if ref in (p["room"], p["staff"])}
            self.unavailable[ref].update(sid for sid in self.slots if sid not in own)
        self.make_room_for(pinned, clients, staff)
        return pinned

    def make_room_for(self, pinned: list[dict], clients: dict, staff: dict) -> None:
        """Pinned sessions must fit the hour and day limits, whatever they were set to."""
        hours, days = defaultdict(float), defaultdict(set)
        for doc in pinned:
            slot = self.slots[doc["slot"]]
            for ref in [doc["staff"], *doc["clients"]]:
                hours[ref] += slot.hours
                days[ref].add(slot.start.date())
        for ref, total in hours.items():
            if ref in staff:
                staff[ref]["max_hours"] = max(staff[ref]["max_hours"], _round_up(total))
            elif ref in clients:
                client = clients[ref]
                client["max_hours"] = max(client["max_hours"], _round_up(total))
                client["max_days"] = max(client["max_days"], len(days[ref]))

    def absorb(self, session: Session, refs: list[str], clients, staff, rooms) -> None:
        """A fixed session the contract cannot express: block its time, count its hours."""
        self.fixed_outside.append(session.pk)
        hours = (session.ends_at - session.starts_at).total_seconds() / 3600
        overlapping = [
            s.id for s in self.slots.values() if s.overlaps(session.starts_at, session.ends_at)
        ]
        blocked = [staff_ref(session.facilitator_id), *refs]
        if session.room_id:
            blocked.append(room_ref(session.room_id))
        for ref in blocked:
            self.unavailable[ref].update(overlapping)
        person = staff.get(staff_ref(session.facilitator_id))
        if person is not None:
            person["max_hours"] = max(0, person["max_hours"] - _round_up(hours))
        for ref in refs:
            client = clients.get(ref)
            if client is None:
                continue
            client["min_hours"] = max(0.0, client["min_hours"] - hours)
            client["max_hours"] = max(client["min_hours"], client["max_hours"] - hours)
            client["max_days"] = max(0, client["max_days"] - 1)
            client["min_days"] = min(max(0, client["min_days"] - 1), client["max_days"])
            key = {"individual": "individual_sessions", "family": "family_sessions"}.get(
                session.kind
            )
            if key:
                client[key] = max(0, client[key] - 1)
            elif session.group_type and session.group_type.code in client["required_group_types"]:
                code = session.group_type.code
                left = client["required_group_types"][code] - 1
                client["required_group_types"][code] = max(0, left)

    def previous(self, clients: dict, staff: dict, rooms: dict) -> dict | None:
        sessions = []
        for session in self.sessions:
            if is_fixed(session, self.now):
                continue
            slot = self.slot_for(session, create=False)
            room = room_ref(session.room_id) if session.room_id else None
            if slot is None or room not in rooms or staff_ref(session.facilitator_id) not in staff:
                continue
            if session.kind == "group" and (
                session.group_type is None or session.group_type.code not in self.group_types
            ):
                continue
            doc = self.session_doc(session, slot, room)
            doc["clients"] = [ref for ref in doc["clients"] if ref in clients]
            if doc["clients"]:
                sessions.append(doc)
        if not sessions:
            sessions = self._last_plan_sessions(clients, staff, rooms)
        return {"format": SOLUTION_FORMAT, "sessions": sessions} if sessions else None

    def _last_plan_sessions(self, clients, staff, rooms) -> list[dict]:
        plan = (
            SchedulePlan.objects.filter(
                program=self.program, week_start=self.week.start, solution__isnull=False
            )
            .exclude(status=SchedulePlan.Status.FAILED)
            .order_by("-created_at")
            .first()
        )
        if plan is None:
            return []
        out = []
        for doc in (plan.solution or {}).get("sessions", []):
            if (
                doc.get("slot") not in self.slots
                or doc.get("room") not in rooms
                or str(doc.get("room", "")).startswith("v")
                or doc.get("staff") not in staff
                or (doc.get("kind") == "group" and doc.get("group_type") not in self.group_types)
            ):
                continue
            kept = [ref for ref in doc.get("clients", []) if ref in clients]
            if kept:
                out.append({**doc, "clients": kept})
        return out

    def build(self) -> BuiltWeek:
        self.load()
        staff = {staff_ref(uid): self.staff_doc(uid) for uid in sorted(self.staff_ids)}
        clients = {client_ref(cid): self.client_doc(e) for cid, e in self.episodes.items()}
        rooms = {ref: self.room_doc(ref, room) for ref, room in self.rooms.items()}
        self.keep_apart = [
            [client_ref(a), client_ref(b)]
            for a, b in KeepApart.objects.filter(
                program=self.program, ended_at__isnull=True
            ).values_list("client_a_id", "client_b_id")
            if client_ref(a) in clients and client_ref(b) in clients
        ]
        pinned = self.place_fixed(clients, staff, rooms)
        previous = self.previous(clients, staff, rooms)
        order = sorted(self.slots.values(), key=lambda s: (s.start, s.kind, s.end, s.id))
        for collection in (staff, clients, rooms):
            for ref, doc in collection.items():
                doc["unavailable"] = [s.id for s in order if s.id in self.unavailable.get(ref, ())]
        doc = {
            "format": FORMAT,
            "week_start": self.week.start.isoformat(),
            "slots": [slot.to_doc() for slot in order],
            "rooms": list(rooms.values()),
            "group_types": [
                {
                    "id": code,
                    "min_size": max(1, gt.min_size),
                    "max_size": max(1, gt.max_size, gt.min_size),
                    "qualification": gt.qualification,
                }
                for code, gt in sorted(self.group_types.items())
            ],
            "staff": list(staff.values()),
            "clients": list(clients.values()),
            "keep_apart": self.keep_apart,
            "pinned": pinned,
            "previous": previous,
        }
        return BuiltWeek(
            doc=doc,
            fingerprint=fingerprint(self.program, self.week),
            skipped=self.skipped,
            fixed_outside=self.fixed_outside,
        )


def _round_up(hours: float) -> float:
    return round(hours + 1e-9, 2)


def build_instance(program, week_start, *, now: datetime | None = None) -> BuiltWeek:
    """The instance for the week starting ``week_start`` (a Monday) as the database has it."""
    return _Builder(program, week_start, now or timezone.now()).build()
