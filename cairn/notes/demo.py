"""Demo notes for past sessions: mostly signed on time, some late, some drafts, some sessions
still waiting for a note, a pre-licensed clinician's notes awaiting co-signature, a few addenda
and counseling notes. Synthetic text; members' parts never name anyone.

Past sessions come from the scheduling app's demo when it made some; otherwise this module makes
a modest set itself (so the apps can be merged in either order)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cairn.clients.models import Episode
from cairn.core.demo import DemoContext
from cairn.notes.catalog import GROUP, catalog
from cairn.notes.models import (
    Addendum,
    CounselingNote,
    GroupNote,
    GroupNoteEntry,
    Mode,
    Note,
    Status,
)
from cairn.scheduling.models import GroupType, Room, Session, SessionParticipant

HISTORY_DAYS = 14
GROUP_SIZE = 12

GROUP_TYPES = [
    ("process", "Process group"),
    ("relapse_prevention", "Relapse prevention"),
    ("coping_skills", "Coping skills"),
]

SHARED = {
    "topic": [
        "Identifying high-risk situations and early warning signs.",
        "Urge surfing: riding out cravings without acting on them.",
        "Building a sober support network.",
        "Managing stress and sleep in early recovery.",
        "Communication skills: saying no and setting boundaries.",
        "Shame, guilt and self-compassion in recovery.",
        "Values clarification and goal setting.",
    ],
    "intervention": [
        "Psychoeducation on the relapse cycle; members mapped their own triggers on a worksheet; "
        "facilitator used open questions and reflective listening (MI).",
        "Guided urge-surfing exercise (10 minutes) followed by a debrief; CBT thought record "
        "introduced and practiced in pairs.",
        "Role-play of refusal skills; facilitator modeled assertive responses and gave feedback.",
        "Mindfulness body scan, then a skills review of distress tolerance (DBT TIPP).",
        "Members completed a support-network map and identified one new contact to reach out to.",
    ],
    "group_process": [
        "The group was engaged and supportive; cohesion continues to build. Members gave each "
        "other feedback respectfully.",
        "Energy was low at the start and improved after the exercise. Two members were quiet but "
        "attentive. The group stayed on topic.",
        "Lively discussion; the facilitator redirected side conversations twice. Themes of "
        "loneliness and rebuilding trust came up repeatedly.",
        "A member's disclosure about a recent lapse led to a productive discussion of lapse versus "
        "relapse; the group responded with empathy.",
    ],
}

MEMBER = {
    "participation": [
        "Participated actively and shared a recent trigger at work.",
        "Attended the full session; contributed when invited and completed the worksheet.",
        "Arrived 10 minutes late; quiet at first, then shared about weekend cravings.",
        "Gave supportive feedback to peers and practiced the skill in the role-play.",
    ],
    "behavior": [
        "Alert and oriented, good eye contact, mood described as 'okay', affect congruent.",
        "Appeared tired; reported poor sleep. Engaged once the exercise started.",
        "Calm and cooperative; reported 12 days abstinent.",
        "Restless early in the session, settled after the grounding exercise.",
    ],
    "goal": [
        "Maintain abstinence from alcohol (treatment plan goal 1).",
        "Identify and manage three personal triggers (objective 1b).",
        "Build a sober support network of at least three people (objective 2a).",
        "Improve sleep and stress management without substances (objective 3a).",
    ],
    "response": [
        "Identified two personal triggers and one coping strategy for each.",
        "Practiced urge surfing and rated craving 6/10 before and 3/10 after.",
        "Engaged with the role-play and reported feeling more confident saying no.",
        "Receptive to feedback; connected the topic to a recent argument at home.",
    ],
    "progress": [
        "Progressing: reports fewer cravings than last week and used a coping skill twice.",
        "Some progress: attendance consistent; still struggling with evening cravings.",
        "Good progress toward objective 1b; ready to add a new objective at plan review.",
    ],
    "assessment": [
        "Engaged and motivated; in the action stage of change. Low risk of relapse this week.",
        "Ambivalent about abstinence from cannabis; MI approach remains indicated. No safety "
        "concerns reported.",
        "Mood improved compared with intake; continues to benefit from group and skills practice.",
        "Stressors at home increase relapse risk; protective factors include work and a sponsor.",
    ],
    "plan": [
        "Continue IOP three times a week. Practice urge surfing daily and log cravings.",
        "Attend two mutual-support meetings before next session; call one support person.",
        "Review the relapse-prevention plan in individual session on Thursday.",
        "Continue current plan; complete the values worksheet as homework.",
    ],
    "subjective": [
        "Reports 'a rough weekend' with strong cravings on Saturday evening; did not use.",
        "States sleep has improved to six hours a night; denies use since last session.",
        "Reports conflict with partner about finances; feels 'on edge'.",
    ],
    "objective": [
        "Casually dressed, good hygiene, speech normal rate and volume. Urine drug screen "
        "negative on Monday.",
        "Fidgety, mildly anxious affect, thought process linear. PHQ-9 today: 8 (mild).",
        "Calm, cooperative, euthymic. Breathalyzer 0.00 at arrival.",
    ],
    "data": [
        "Client discussed a recent trigger at a family event and how they left early.",
        "Reviewed the craving log: four cravings this week, rated 3 to 7 out of 10; none acted on.",
        "Client reported a lapse on Friday (two drinks) and disclosed it early in the session.",
    ],
    "intervention": [
        "Used MI to explore ambivalence; reviewed the decisional balance worksheet.",
        "CBT: identified and challenged automatic thoughts around the lapse.",
        "Safety planning reviewed; coping card updated with two new strategies.",
    ],
}

TYPE_HINTS = {
    "crisis": "Client called the crisis line reporting strong urges after a job loss. Assessed "
    "risk: no suicidal ideation, no plan; protective factors reviewed.",
    "case_management": "Coordinated with the client's employer about a return-to-work schedule; "
    "submitted housing application; scheduled a primary-care appointment.",
    "medication_management": "Reviewed naltrexone adherence (daily, no missed doses) and side "
    "effects (mild nausea, improving). Cravings reduced.",
    "intake": "Presenting concern: alcohol use increasing over two years, two failed attempts to "
    "stop alone. Referred by primary care.",
}

ADDENDA = [
    ("Correction of session time", "The session ended at 11:50, not 12:00 as recorded."),
    ("Late entry", "Client called after the session to report they attended an evening meeting."),
    ("Clarification", "'Partner' in this note refers to the client's spouse."),
]

COUNSELING = [
    "The client's humor deflects whenever their father comes up; the lapse story felt rehearsed. "
    "Explore grief next time before pushing on the relapse-prevention plan.",
    "Noticed my own frustration when the client minimized the lapse; stay curious. Hypothesis: "
    "shame is driving the missed sessions more than ambivalence.",
]


def seed(ctx: DemoContext) -> None:
    program = ctx.data["program"]
    now = timezone.now()
    since = now - timedelta(days=HISTORY_DAYS)
    past = Session.objects.filter(program=program, ends_at__lt=now, ends_at__gte=since).exclude(
        status=Session.Status.CANCELLED
    )
    made = 0
    if not past.exists():
        made = _make_past_sessions(ctx, program, since.date(), now)
    sessions = list(past.select_related("room", "group_type", "facilitator").order_by("starts_at"))
    rosters = _rosters(sessions)
    writer = _Writer(ctx, program, now)
    for session in sessions:
        members = rosters.get(session.pk, [])
        if members:
            writer.document(session, members)
    writer.unscheduled_notes()
    writer.save()
    ctx.say(
        f"Notes: {writer.counts['signed']} signed ({writer.counts['late']} late), "
        f"{writer.counts['draft']} drafts, {writer.counts['cosign']} awaiting co-signature, "
        f"{writer.counts['missing']} sessions without a note"
        + (f"; made {made} past sessions" if made else "")
    )


def _rosters(sessions) -> dict[int, list[int]]:
    rosters: dict[int, list[int]] = {}
    rows = SessionParticipant.objects.filter(
        session__in=[s.pk for s in sessions], cancelled=False
    ).values_list("session_id", "client_id")
    for session_id, client_id in rows:
        rosters.setdefault(session_id, []).append(client_id)
    return rosters


def _make_past_sessions(ctx, program, since, now) -> int:
    """A modest fortnight: each track's groups on its days, and a weekly individual session."""
    tz = program.tz
    types = [
        GroupType.objects.get_or_create(program=program, code=code, defaults={"name": name})[0]
        for code, name in GROUP_TYPES
    ]
    group_room = Room.objects.get_or_create(
        program=program, name="Group room A", defaults={"kinds": ["group"], "capacity": 14}
    )[0]
    office = Room.objects.get_or_create(
        program=program, name="Office 2", defaults={"kinds": ["individual", "family"]}
    )[0]
    clinicians = ctx.data["clinicians"]
    episodes = [e for e in ctx.data["episodes"] if e.status == Episode.Status.ACTIVE]
    by_track: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_track.setdefault(episode.track_id, []).append(episode)
    sessions, rosters = [], []
    day, n = since, 0
    while day < timezone.localdate(now, tz):
        for track in ctx.data["tracks"]:
            if day.isoweekday() not in track.days:
                continue
            members = [e for e in by_track.get(track.pk, []) if e.admitted_on <= day]
            for start in range(0, len(members), GROUP_SIZE):
                begins = datetime.combine(day, track.start_time, tzinfo=tz)
                sessions.append(
                    Session(
                        program=program,
                        kind="group",
                        group_type=types[n % len(types)],
                        starts_at=begins,
                        ends_at=begins + timedelta(hours=3),
                        room=group_room,
                        facilitator=clinicians[n % len(clinicians)],
                        track=track,
                        status=Session.Status.HELD,
                    )
                )
                rosters.append([e.client_id for e in members[start : start + GROUP_SIZE]])
                n += 1
        if day.isoweekday() == 4:  # Thursday: individual sessions with the primary clinician
            for i, episode in enumerate(e for e in episodes if e.admitted_on <= day):
                begins = datetime.combine(day, time(13 + i % 4), tzinfo=tz)
                sessions.append(
                    Session(
                        program=program,
                        kind="individual",
                        starts_at=begins,
                        ends_at=begins + timedelta(minutes=50),
                        room=office,
                        facilitator=episode.primary_clinician,
                        status=Session.Status.HELD,
                        mode="telehealth" if i % 5 == 0 else "in_person",
                    )
                )
                rosters.append([episode.client_id])
        day += timedelta(days=1)
    created = Session.objects.bulk_create(sessions)
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=session, client_id=client_id)
        for session, members in zip(created, rosters, strict=True)
        for client_id in members
    )
    return len(created)


class _Writer:
    """Collects the demo's notes and writes them in a few bulk inserts."""

    def __init__(self, ctx, program, now):
        self.ctx, self.rng, self.program, self.now = ctx, ctx.rng, program, now
        self.cat = catalog()
        self.group_notes: list[tuple[GroupNote, list[GroupNoteEntry], list[Note]]] = []
        self.notes: list[Note] = []
        self.counts = dict.fromkeys(("signed", "late", "draft", "cosign", "missing"), 0)

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def text(self, key: str) -> str:
        return self.pick(
            MEMBER.get(key) or SHARED.get(key) or ["Discussed progress and next steps."]
        )

    def outcome(self, ends_at, due_hours) -> tuple[str, datetime | None]:
        """Signed (on time or late), a draft, or nothing yet: recent sessions are more often
        unfinished, as in a real week."""
        age_hours = (self.now - ends_at).total_seconds() / 3600
        roll = self.rng.random()
        fresh = age_hours < due_hours
        if roll < (0.25 if fresh else 0.06):
            return "missing", None
        if roll < (0.5 if fresh else 0.1):
            return Status.DRAFT, None
        late = self.rng.random() < 0.15
        hours = (
            due_hours + self.rng.uniform(6, 60) if late else self.rng.uniform(0.5, due_hours - 1)
        )
        signed_at = ends_at + timedelta(hours=hours)
        if signed_at >= self.now:
            return Status.DRAFT, None
        return Status.SIGNED, signed_at

    def signature(self, author, status, signed_at) -> dict:
        if status != Status.SIGNED:
            return {}
        values = {"signed_at": signed_at, "signed_by": author}
        if author.prelicensed and author.supervisor_id:
            cosigned = self.rng.random() < 0.4
            values.update(cosign_required=True, cosigner_id=author.supervisor_id)
            if cosigned:
                values.update(
                    cosigned_at=min(self.now, signed_at + timedelta(hours=self.rng.uniform(2, 30))),
                    cosigned_by_id=author.supervisor_id,
                )
        return values

    def service(self, session) -> dict:
        return {
            "program": self.program,
            "service_date": timezone.localdate(session.starts_at, self.program.tz),
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "mode": Mode.TELEHEALTH if session.mode == "telehealth" else Mode.IN_PERSON,
            "location": "Video visit"
            if session.mode == "telehealth"
            else getattr(session.room, "name", ""),
        }

    def document(self, session, members) -> None:
        note_type = {"group": GROUP, "family": "family"}.get(session.kind, "individual")
        due_hours = self.cat.note_types[note_type].due_hours
        status, signed_at = self.outcome(session.ends_at, due_hours)
        if status == "missing":
            self.counts["missing"] += 1
            return
        author = session.facilitator
        fmt = self.pick(self.cat.note_types[note_type].formats)
        modalities = [self.pick(["relapse_prevention", "cbt", "mi", "dbt", "mindfulness"])]
        common = {
            **self.service(session),
            "format": fmt,
            "modalities": modalities,
            "author": author,
            "status": status,
            "due_at": session.ends_at + timedelta(hours=due_hours),
            "created_at": session.ends_at,
            "updated_at": signed_at or session.ends_at,
            **self.signature(author, status, signed_at),
        }
        self.tally(common)
        if note_type == GROUP:
            self.group(session, members, common)
        else:
            sections = {k: self.text(k) for k in self.cat.section_keys(note_type, fmt)}
            self.notes.append(
                Note(
                    client_id=members[0],
                    session=session,
                    note_type=note_type,
                    sections=sections,
                    **common,
                )
            )

    def tally(self, values) -> None:
        if values["status"] == Status.DRAFT:
            self.counts["draft"] += 1
            return
        self.counts["signed"] += 1
        self.counts["late"] += values["signed_at"] > values["due_at"]
        self.counts["cosign"] += values.get("cosign_required", False) and not values.get(
            "cosigned_at"
        )

    def group(self, session, members, common) -> None:
        layout = self.cat.group_layouts[common["format"]]
        shared = {k: self.text(k) for k in layout.shared}
        group_note = GroupNote(session=session, shared_sections=shared, **common)
        entries, notes = [], []
        for client_id in members:
            present = self.rng.random() > 0.1
            sections = {k: self.text(k) for k in layout.member}
            entries.append(GroupNoteEntry(client_id=client_id, present=present, sections=sections))
            if present and common["status"] == Status.SIGNED:
                notes.append(
                    Note(
                        client_id=client_id,
                        session=session,
                        note_type=GROUP,
                        shared_sections=shared,
                        sections=sections,
                        **common,
                    )
                )
        self.group_notes.append((group_note, entries, notes))

    def unscheduled_notes(self) -> None:
        """Crisis calls, case management, medication management and intake notes."""
        staff = self.ctx.data["staff"]
        episodes = [e for e in self.ctx.data["episodes"] if e.status == Episode.Status.ACTIVE]
        for i, episode in enumerate(episodes[:40]):
            note_type = ["case_management", "crisis", "medication_management", "intake"][i % 4]
            author = (
                staff["nurse"]
                if note_type == "medication_management"
                else (episode.primary_clinician)
            )
            days_ago = self.rng.randint(1, HISTORY_DAYS)
            ends = (self.now - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
            due_hours = self.cat.note_types[note_type].due_hours
            status, signed_at = self.outcome(ends, due_hours)
            if status == "missing":
                status, signed_at = Status.DRAFT, None
            fmt = self.cat.note_types[note_type].default_format
            sections = {k: self.text(k) for k in self.cat.section_keys(note_type, fmt)}
            first = self.cat.section_keys(note_type, fmt)[0]
            sections[first] = TYPE_HINTS[note_type]
            values = {
                "program": self.program,
                "service_date": timezone.localdate(ends, self.program.tz),
                "starts_at": ends - timedelta(minutes=30),
                "ends_at": ends,
                "mode": Mode.TELEHEALTH if note_type == "crisis" else Mode.IN_PERSON,
                "location": "Phone" if note_type == "crisis" else "Riverside clinic",
                "format": fmt,
                "modalities": list(self.cat.note_types[note_type].default_modalities),
                "author": author,
                "status": status,
                "due_at": ends + timedelta(hours=due_hours),
                "created_at": ends,
                "updated_at": signed_at or ends,
                **self.signature(author, status, signed_at),
            }
            self.tally(values)
            self.notes.append(
                Note(client_id=episode.client_id, note_type=note_type, sections=sections, **values)
            )

    def save(self) -> None:
        created = GroupNote.objects.bulk_create(g for g, _, _ in self.group_notes)
        entries, notes = [], list(self.notes)
        for group_note, (_, group_entries, group_notes) in zip(
            created, self.group_notes, strict=True
        ):
            for row in group_entries:
                row.group_note = group_note
            for row in group_notes:
                row.group_note = group_note
            entries += group_entries
            notes += group_notes
        GroupNoteEntry.objects.bulk_create(entries, batch_size=2000)
        saved = Note.objects.bulk_create(notes, batch_size=1000)
        self.extras([n for n in saved if n.status == Status.SIGNED])

    def extras(self, signed) -> None:
        if not signed:
            return
        Addendum.objects.bulk_create(
            Addendum(
                note=note,
                author=note.author,
                reason=reason,
                text=text,
                written_at=min(self.now, note.signed_at + timedelta(days=1)),
            )
            for note, (reason, text) in zip(signed[3::17], ADDENDA * 50, strict=False)
        )
        individual = [n for n in signed if n.note_type == "individual"][:2]
        CounselingNote.objects.bulk_create(
            CounselingNote(
                program=self.program,
                client_id=note.client_id,
                session=note.session,
                author=note.author,
                service_date=note.service_date,
                text=text,
                written_at=note.signed_at,
            )
            for note, text in zip(individual, COUNSELING, strict=False)
        )
