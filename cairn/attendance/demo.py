"""Demo attendance: weeks of realistic attendance with some absences, a few corrections,
same-day outreach for recent unexcused absences and the alerts the rules raise.

It runs after the scheduling demo, which makes past sessions with rosters. When there are no
sessions yet (the scheduling demo absent), it first makes a modest set of its own: each track's
days over the demo's weeks, two 90-minute groups per day, cohorts of up to 12 clients.
Today's sessions and a couple of yesterday's are left for people to take in the demo.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.utils import timezone

from cairn.attendance import absences
from cairn.attendance.hours import day_bounds, local_day, week_start
from cairn.attendance.models import AttendanceCorrection, AttendanceRecord, AttendanceStatus
from cairn.clients.models import Episode
from cairn.core.demo import DemoContext
from cairn.scheduling.models import GroupType, Room, Session, SessionParticipant

GROUPS = [
    ("process", "Process group"),
    ("relapse_prevention", "Relapse prevention"),
    ("coping_skills", "Coping skills"),
    ("family_education", "Family education"),
]
COHORT = 12
S = AttendanceStatus


def seed(ctx: DemoContext) -> None:
    program = ctx.data["program"]
    now = timezone.now()
    made = 0
    if not Session.objects.filter(program=program, starts_at__lt=now).exists():
        made = _make_sessions(ctx, program, now)
    today_start = day_bounds(local_day(now, program.tz), program.tz)[0]
    sessions = {
        s.pk: s
        for s in Session.objects.filter(program=program, starts_at__lt=today_start)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("facilitator")
    }
    records = _attendance(ctx, program, sessions, now)
    corrections = _corrections(ctx, records, sessions)
    alerts = _follow_up(program, sessions, records, now)
    ctx.data["attendance"] = records
    absent = sum(1 for r in records if r.status == S.ABSENT_UNEXCUSED)
    ctx.say(
        f"Attendance: {len(records)} records over {len(sessions)} past sessions"
        f"{f' ({made} sessions made here)' if made else ''}, {absent} unexcused absences, "
        f"{corrections} corrections, {alerts} alerts"
    )


def _make_sessions(ctx: DemoContext, program, now: datetime) -> int:
    """Past and this week's group sessions with rosters, when the scheduling demo made none."""
    zone = program.tz
    types = [
        GroupType.objects.get_or_create(program=program, code=code, defaults={"name": name})[0]
        for code, name in GROUPS
    ]
    tracks = ctx.data["tracks"]
    clinicians = ctx.data["clinicians"]
    cohorts = _cohorts(ctx, tracks)
    rooms = [
        Room.objects.get_or_create(
            program=program,
            name=f"Group room {chr(65 + i)}",
            defaults={"kinds": ["group"], "capacity": COHORT + 3},
        )[0]
        for i in range(max(len(c) for c in cohorts.values()) if cohorts else 1)
    ]
    today = local_day(now, zone)
    first = week_start(today) - timedelta(weeks=ctx.weeks)
    sessions, rosters = [], []
    for offset in range((week_start(today) + timedelta(days=6) - first).days + 1):
        day = first + timedelta(days=offset)
        for t_index, track in enumerate(tracks):
            if day.isoweekday() not in track.days:
                continue
            start = datetime.combine(day, track.start_time, tzinfo=zone)
            for c_index, members in enumerate(cohorts.get(track.pk, [])):
                roster = [ep for ep in members if _covers(ep, day)]
                if not roster:
                    continue
                facilitator = clinicians[(t_index + 1 + c_index * len(tracks)) % len(clinicians)]
                for part in range(2):
                    begins = start + timedelta(minutes=90 * part)
                    group = types[(offset + part + c_index) % len(types)]
                    sessions.append(
                        Session(
                            program=program,
                            kind="group",
                            group_type=group,
                            starts_at=begins,
                            ends_at=begins + timedelta(minutes=90),
                            room=rooms[c_index % len(rooms)],
                            facilitator=facilitator,
                            track=track,
                            status=Session.Status.HELD if day < today else "scheduled",
                        )
                    )
                    rosters.append(roster)
    Session.objects.bulk_create(sessions, batch_size=2000)
    SessionParticipant.objects.bulk_create(
        (
            SessionParticipant(session=session, client_id=episode.client_id, added_at=now)
            for session, roster in zip(sessions, rosters, strict=True)
            for episode in roster
        ),
        batch_size=5000,
    )
    return len(sessions)


def _cohorts(ctx: DemoContext, tracks) -> dict[int, list[list[Episode]]]:
    by_track: dict[int, list[Episode]] = defaultdict(list)
    for episode in ctx.data["episodes"]:
        if episode.track_id:
            by_track[episode.track_id].append(episode)
    return {
        track_id: [members[i : i + COHORT] for i in range(0, len(members), COHORT)]
        for track_id, members in by_track.items()
    }


def _covers(episode, day) -> bool:
    return episode.admitted_on <= day and (
        episode.discharged_on is None or episode.discharged_on >= day
    )


def _reliability(ctx: DemoContext) -> float:
    roll = ctx.rng.random()
    if roll < 0.7:
        return ctx.rng.uniform(0.92, 0.99)
    if roll < 0.9:
        return ctx.rng.uniform(0.75, 0.9)
    return ctx.rng.uniform(0.45, 0.7)


def _attendance(ctx: DemoContext, program, sessions: dict, now) -> list[AttendanceRecord]:
    zone = program.tz
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for episode in Episode.objects.filter(program=program):
        episodes[episode.client_id].append(episode)
    participants = (
        SessionParticipant.objects.filter(session_id__in=sessions.keys(), cancelled=False)
        .order_by("session__starts_at", "session_id", "client_id")
        .values_list("session_id", "client_id")
    )
    yesterday = local_day(now, zone) - timedelta(days=1)
    yesterdays = sorted(k for k, s in sessions.items() if local_day(s.starts_at, zone) == yesterday)
    left_open = set(yesterdays[:2])
    reliability: dict[int, float] = {}
    missed_day: dict[tuple[int, object], bool] = {}
    records = []
    for session_id, client_id in participants:
        if session_id in left_open:
            continue
        session = sessions[session_id]
        day = local_day(session.starts_at, zone)
        episode = next((e for e in episodes[client_id] if _covers(e, day)), None)
        if episode is None:
            continue
        rate = reliability.setdefault(client_id, _reliability(ctx))
        if (client_id, day) not in missed_day:
            missed_day[(client_id, day)] = ctx.rng.random() > rate
        status, late, early = _status(ctx, missed_day[(client_id, day)], session.minutes)
        records.append(
            AttendanceRecord(
                session_id=session_id,
                client_id=client_id,
                episode_id=episode.pk,
                status=status,
                minutes=max(0, session.minutes - late - early) if status not in _ABSENT else 0,
                late_minutes=late,
                early_minutes=early,
                recorded_by_id=session.facilitator_id,
                recorded_at=session.ends_at + timedelta(minutes=ctx.rng.randint(1, 40)),
            )
        )
    return AttendanceRecord.objects.bulk_create(records, batch_size=5000)


_ABSENT = {S.ABSENT_EXCUSED, S.ABSENT_UNEXCUSED}


def _status(ctx: DemoContext, missed: bool, length: int) -> tuple[str, int, int]:
    if missed:
        return (S.ABSENT_EXCUSED if ctx.rng.random() < 0.4 else S.ABSENT_UNEXCUSED), 0, 0
    roll = ctx.rng.random()
    if roll < 0.08:
        return S.LATE, ctx.rng.choice([5, 10, 15, 20, 30]), 0
    if roll < 0.14:
        return S.LEFT_EARLY, 0, ctx.rng.choice([10, 15, 20, 30, 45])
    return S.PRESENT, 0, 0


def _corrections(ctx: DemoContext, records: list[AttendanceRecord], sessions: dict) -> int:
    """A few "marked absent by mistake" fixes, so the history shows originals."""
    absences = [r for r in records if r.status == S.ABSENT_UNEXCUSED]
    picked = [r for r in absences if ctx.rng.random() < 0.05] or absences[:1]
    corrections = []
    for record in picked:
        length = sessions[record.session_id].minutes
        corrections.append(
            AttendanceCorrection(
                record=record,
                version=2,
                previous_status=record.status,
                previous_minutes=0,
                status=S.LATE,
                minutes=length - 15,
                late_minutes=15,
                reason="Marked absent by mistake: signed in at the front desk 15 minutes late.",
                corrected_by_id=record.recorded_by_id,
                corrected_at=record.recorded_at + timedelta(hours=2),
            )
        )
        record.status, record.minutes, record.late_minutes, record.version = (
            S.LATE,
            length - 15,
            15,
            2,
        )
    AttendanceRecord.objects.bulk_update(
        picked, ["status", "minutes", "late_minutes", "version"], batch_size=2000
    )
    AttendanceCorrection.objects.bulk_create(corrections, batch_size=2000)
    return len(corrections)


def _follow_up(program, sessions: dict, records: list[AttendanceRecord], now) -> int:
    """Outreach for the last two days' unexcused absences; the pattern alerts as of now."""
    since = now - timedelta(days=2)
    recent = defaultdict(list)
    for record in records:
        session = sessions[record.session_id]
        if record.status == S.ABSENT_UNEXCUSED and session.starts_at >= since:
            record.session = session
            recent[session.pk].append(record)
    for session_id, missed in recent.items():
        session = sessions[session_id]
        session.program = program
        absences.raise_outreach(session, missed, now=now)
    active = Episode.objects.filter(program=program, status=Episode.Status.ACTIVE).values_list(
        "client_id", flat=True
    )
    return len(absences.review_patterns(program, set(active), now=now))
