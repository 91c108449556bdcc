"""Demo scheduling: rooms, the full group catalog, staff qualifications and availability, client
unavailability, keep-apart pairs, and past weeks of sessions with rosters plus this week and next.

History is laid out by a simple rule (each client comes to their track on 3–4 fixed days, both
group blocks of the day, and sees their clinician once a week between blocks), bulk-inserted so
10,000 clients seed in minutes. The weekly optimizer then plans any week on top of it."""

import math
from datetime import datetime, time, timedelta

from cairn.core.demo import DemoContext
from cairn.scheduling.catalog import CATALOG
from cairn.scheduling.models import (
    ClientScheduleNeeds,
    ClientUnavailability,
    GroupType,
    KeepApart,
    Room,
    ScheduleSettings,
    Session,
    SessionParticipant,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)
from cairn.scheduling.weeks import monday_of

GROUP_SIZE = 12
#: Individual sessions fall between the track blocks (08–09, 12–13, 16–17, 17–18).
GAPS = [time(8), time(12), time(16), time(17)]
#: History uses the groups every clinician may lead; the optimizer uses the whole catalog.
HISTORY_TYPES = ["process", "coping_skills", "twelve_step", "non_twelve_step", "process"]
SPECIALTIES = {"supervisor": ["mindfulness"], "clinician": ["expressive_arts"], "jkim": ["yoga"]}


def _rooms(ctx, program, active_by_track) -> tuple[list[Room], list[Room]]:
    biggest = max([len(c) for c in active_by_track.values()] or [1])
    group_rooms = max(3, math.ceil(biggest / GROUP_SIZE) + 1)
    offices = max(4, math.ceil(len(ctx.data["clinicians"]) * 0.7))
    rooms = Room.objects.bulk_create(
        [
            Room(program=program, name=f"Group room {i + 1}", kinds=["group"], capacity=14)
            for i in range(group_rooms)
        ]
        + [
            Room(
                program=program,
                name=f"Office {i + 1}",
                kinds=["individual", "family"],
                capacity=4 if i % 3 else 6,
            )
            for i in range(offices)
        ]
    )
    return rooms[:group_rooms], rooms[group_rooms:]


def _staff(ctx, program) -> None:
    staff = ctx.data["staff"]
    profiles = []
    for i, user in enumerate(ctx.data["clinicians"]):
        quals = ["group", "individual", "family"]
        if user.prelicensed:
            quals = ["group", "individual"]
        quals += SPECIALTIES.get(user.username, [])
        if i >= 4 and i % 7 == 0:
            quals.append("yoga")
        if i >= 4 and i % 11 == 0:
            quals.append("mindfulness")
        profiles.append(
            StaffProfile(
                program=program, user=user, qualifications=quals, max_hours=40 if i % 4 else 32
            )
        )
    profiles.append(
        StaffProfile(
            program=program, user=staff["nurse"], qualifications=["nutrition"], max_hours=8
        )
    )
    profiles = StaffProfile.objects.bulk_create(profiles)
    by_user = {p.user_id: p for p in profiles}
    part_time = by_user[staff["aokafor"].pk]
    StaffAvailability.objects.bulk_create(
        StaffAvailability(profile=part_time, weekday=day, start_time=time(8), end_time=time(18))
        for day in (1, 2, 3, 4)
    )
    nurse = by_user[staff["nurse"].pk]
    StaffAvailability.objects.bulk_create(
        StaffAvailability(profile=nurse, weekday=day, start_time=time(9), end_time=time(17))
        for day in (2, 4)
    )
    next_friday = monday_of(ctx.today) + timedelta(days=11)
    StaffTimeOff.objects.create(
        profile=by_user[staff["jkim"].pk],
        starts_on=next_friday,
        ends_on=next_friday,
        reason="Training day",
    )


def _client_facts(ctx, program, active, track_of) -> None:
    rng, rows, needs = ctx.rng, [], []
    staff = ctx.data["staff"]["intake"]
    for client in active:
        code = track_of[client.pk].code
        roll = rng.random()
        if client.age(ctx.today) < 18:
            rows += [
                ClientUnavailability(
                    client=client,
                    kind="recurring",
                    weekday=day,
                    start_time=time(8),
                    end_time=time(15),
                    reason="school",
                    created_by=staff,
                )
                for day in range(1, 6)
            ]
        elif code == "evening" and roll < 0.6:
            rows += [
                ClientUnavailability(
                    client=client,
                    kind="recurring",
                    weekday=day,
                    start_time=time(8, 30),
                    end_time=time(17),
                    reason="work",
                    note="Day job",
                    created_by=staff,
                )
                for day in range(1, 6)
            ]
        elif code == "morning" and roll < 0.3:
            rows.append(
                ClientUnavailability(
                    client=client,
                    kind="recurring",
                    weekday=rng.choice([2, 4]),
                    start_time=time(14),
                    end_time=time(18),
                    reason="childcare",
                    created_by=staff,
                )
            )
        if rng.random() < 0.05:
            day = monday_of(ctx.today) + timedelta(days=7 + rng.randrange(5))
            rows.append(
                ClientUnavailability(
                    client=client,
                    kind="dated",
                    starts_on=day,
                    ends_on=day,
                    reason="legal",
                    note="Court date",
                    created_by=staff,
                )
            )
        if rng.random() < 0.1:
            needs.append(ClientScheduleNeeds(client=client, family_sessions=1))
    ClientUnavailability.objects.bulk_create(rows, batch_size=5000)
    ClientScheduleNeeds.objects.bulk_create(needs, batch_size=5000)
    ctx.data["family_clients"] = {n.client_id for n in needs}


def _keep_apart(ctx, program, active_by_track) -> int:
    """Pairs across two tracks (their history never shared a group); the optimizer keeps them
    apart when one changes track or takes a make-up seat."""
    reasons, wanted = ["partners", "codefendants", "conflict"], max(3, ctx.clients // 500)
    tracks = [members for members in active_by_track.values() if members]
    pairs = []
    for i in range(wanted):
        if len(tracks) < 2:
            break
        first, second = tracks[i % len(tracks)], tracks[(i + 1) % len(tracks)]
        if i >= min(len(first), len(second)):
            break
        a, b = sorted([first[-1 - i], second[-1 - i]], key=lambda c: c.pk)
        pairs.append(
            KeepApart(
                program=program,
                client_a=a,
                client_b=b,
                reason=reasons[i % 3],
                created_by=ctx.data["staff"]["director"],
            )
        )
    created = KeepApart.objects.bulk_create(pairs, ignore_conflicts=True)
    return len(created)


class _History:
    """Lays out weeks of sessions; sessions that ended are held, the rest scheduled."""

    def __init__(self, ctx, program, group_rooms, offices, types, active_by_track, episodes):
        self.ctx, self.program, self.tz = ctx, program, program.tz
        self.group_rooms, self.offices, self.types = group_rooms, offices, types
        self.active_by_track, self.episodes = active_by_track, episodes
        self.clinicians = list(ctx.data["clinicians"])
        self.turn = 0
        self.now = datetime.now(tz=self.tz)
        self.sessions, self.rosters = [], []
        rng = ctx.rng
        self.days = {}
        for track_id, members in active_by_track.items():
            track = members and self.track(track_id)
            for client in members:
                count = min(len(track.days), rng.choice([3, 3, 4]))
                self.days[client.pk] = set(rng.sample(sorted(track.days), count))

    def track(self, track_id):
        return next(t for t in self.ctx.data["tracks"] if t.pk == track_id)

    def add(self, kind, start, end, facilitator, room, clients, *, group_type=None, track=None):
        status = "held" if end <= self.now else "scheduled"
        self.sessions.append(
            Session(
                program=self.program,
                kind=kind,
                group_type=group_type,
                starts_at=start,
                ends_at=end,
                room=room,
                facilitator=facilitator,
                track=track,
                status=status,
            )
        )
        self.rosters.append([c.pk for c in clients])

    def week(self, monday) -> None:
        for track_id, members in self.active_by_track.items():
            track = self.track(track_id)
            for offset in range(7):
                day = monday + timedelta(days=offset)
                if day.isoweekday() not in track.days:
                    continue
                here = [c for c in members if day.isoweekday() in self.days[c.pk]]
                if here:
                    self.block(track, day, here)
        self.individual(monday)

    def block(self, track, day, here) -> None:
        groups = math.ceil(len(here) / GROUP_SIZE)
        size = math.ceil(len(here) / groups)
        start = datetime.combine(day, track.start_time, tzinfo=self.tz)
        half = (datetime.combine(day, track.end_time, tzinfo=self.tz) - start) / 2
        leaders = [self.clinicians[(self.turn + i) % len(self.clinicians)] for i in range(groups)]
        self.turn += groups
        for part in range(2):
            begin = start + half * part
            for g in range(groups):
                members = here[g * size : (g + 1) * size]
                if part == 0 and day.isoweekday() == min(track.days):
                    code = "relapse_prevention"
                else:
                    code = HISTORY_TYPES[(day.toordinal() + part + g) % len(HISTORY_TYPES)]
                room = self.group_rooms[g % len(self.group_rooms)]
                self.add(
                    "group",
                    begin,
                    begin + half,
                    leaders[g],
                    room,
                    members,
                    group_type=self.types[code],
                    track=track,
                )

    def individual(self, monday) -> None:
        load: dict[int, int] = {}
        busy: dict[datetime, int] = {}
        family = self.ctx.data.get("family_clients", set())
        for episode in self.episodes:
            clinician = episode.primary_clinician
            kinds = ["individual"] + (["family"] if episode.client_id in family else [])
            for kind in kinds:
                k = load.get(clinician.pk, 0) + clinician.pk  # staggered across clinicians
                load[clinician.pk] = load.get(clinician.pk, 0) + 1
                day = monday + timedelta(days=k % 5)
                start = datetime.combine(day, GAPS[(k // 5) % len(GAPS)], tzinfo=self.tz)
                used = busy.get(start, 0)
                busy[start] = used + 1
                office = self.offices[used % len(self.offices)]
                end = start + timedelta(hours=1)
                self.add(kind, start, end, clinician, office, [episode.client])

    def save(self) -> int:
        created = Session.objects.bulk_create(self.sessions, batch_size=2000)
        SessionParticipant.objects.bulk_create(
            (
                SessionParticipant(session_id=session.pk, client_id=client_id)
                for session, roster in zip(created, self.rosters, strict=True)
                for client_id in roster
            ),
            batch_size=5000,
        )
        return len(created)


def seed(ctx: DemoContext) -> None:
    program = ctx.data["program"]
    ScheduleSettings.objects.create(program=program)
    types = {
        gt.code: gt
        for gt in GroupType.objects.bulk_create(
            GroupType(
                program=program,
                code=code,
                name=name,
                qualification=qual,
                min_size=low,
                max_size=high,
                required_per_week=required,
                description=description,
            )
            for code, name, qual, low, high, required, description in CATALOG
        )
    }
    episodes = [e for e in ctx.data["episodes"] if e.status == "active"]
    track_of = {e.client_id: e.track for e in episodes}
    active_by_track: dict[int, list] = {}
    for episode in episodes:
        active_by_track.setdefault(episode.track_id, []).append(episode.client)
    group_rooms, offices = _rooms(ctx, program, active_by_track)
    _staff(ctx, program)
    active = [e.client for e in episodes]
    _client_facts(ctx, program, active, track_of)
    pairs = _keep_apart(ctx, program, active_by_track)
    history = _History(ctx, program, group_rooms, offices, types, active_by_track, episodes)
    this_monday = monday_of(ctx.today)
    for back in range(ctx.weeks, -2, -1):
        history.week(this_monday - timedelta(days=7 * back))
    count = history.save()
    ctx.say(
        f"Scheduling: {len(group_rooms) + len(offices)} rooms, {len(types)} group types, "
        f"{pairs} keep-apart pairs, {count} sessions over {ctx.weeks + 2} weeks"
    )
