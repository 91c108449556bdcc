"""Demo clients: active clients across the three tracks with care teams, contacts, coverage and
diagnoses; some stepped down from PHP or moved track; some discharged with aftercare and
30/60/90-day check-ins; some adolescents (6-hour weekly minimum). Synthetic names; no real
people. Everything is bulk-inserted (10,000 clients seed in well under a minute)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cairn.clients.models import (
    AftercareItem,
    CareTeamMember,
    Client,
    Contact,
    Coverage,
    Diagnosis,
    Episode,
    EpisodeChange,
)
from cairn.core.demo import DemoContext

FIRST = [
    "Alex",
    "Blake",
    "Cameron",
    "Devon",
    "Elliot",
    "Frankie",
    "Gabriel",
    "Harper",
    "Indigo",
    "Jesse",
    "Kai",
    "Lane",
    "Marley",
    "Noel",
    "Oakley",
    "Peyton",
    "Remy",
    "Shawn",
    "Tatum",
    "Val",
    "Wren",
    "Xavier",
    "Yael",
    "Zion",
    "Maria",
    "Luis",
    "Aisha",
    "Tomas",
    "Mei",
    "Kofi",
]
LAST = [
    "Abbott",
    "Baker",
    "Castillo",
    "Dunn",
    "Ellis",
    "Ferreira",
    "Grant",
    "Holloway",
    "Ibarra",
    "Jensen",
    "Keller",
    "Lopez",
    "Mendoza",
    "Nash",
    "Owens",
    "Pratt",
    "Quintero",
    "Ramos",
    "Stone",
    "Turner",
    "Underwood",
    "Vance",
    "Whitaker",
    "Young",
    "Zamora",
    "Okoye",
    "Haddad",
]
PRONOUNS = ["", "", "he/him", "she/her", "they/them"]
REFERRALS = ["self", "family", "inpatient", "php", "court", "employer", "clinician"]
REFERRERS = {
    "inpatient": ["Mercy Hospital detox unit", "Lakeview Recovery Center"],
    "php": ["Harborview PHP", "St. Anne's partial hospitalization"],
    "court": ["Springfield drug court", "County probation"],
    "employer": ["City transit EAP", "Northside Health EAP"],
    "clinician": ["Dr. Patel, primary care", "Riverside Family Medicine"],
}
LANGUAGES = ["English"] * 8 + ["Spanish", "Portuguese"]
EMPLOYMENT = ["full_time", "full_time", "part_time", "unemployed", "student", "disabled"]
LIVING = ["independent", "independent", "with_family", "with_family", "sober_housing"]
CONTACT_FIRST = ["Pat", "Chris", "Robin", "Terry", "Jamie", "Morgan", "Sam", "Lee"]
FAMILY = [("mother", "family"), ("father", "family"), ("partner", "family"), ("sister", "family")]
SUPPORTS = [("sponsor", "sober_support"), ("peer mentor", "sober_support"), ("friend", "friend")]
PAYERS = [
    ("Aetna", "Choice POS II"),
    ("Blue Cross Blue Shield", "PPO"),
    ("Medicaid", "Managed care"),
    ("UnitedHealthcare", "Choice Plus"),
    ("Cigna", "Open Access Plus"),
]
#: Searches over the ICD-10-CM code set (codes come from the library, never typed here).
SUD_SEARCHES = [
    "alcohol dependence, uncomplicated",
    "alcohol dependence, in early remission",
    "opioid dependence, uncomplicated",
    "opioid dependence, in remission",
    "cannabis dependence, uncomplicated",
    "cocaine dependence, uncomplicated",
    "amphetamine-type substance dependence, uncomplicated",
]
MH_SEARCHES = [
    "major depressive disorder, single episode, moderate",
    "generalized anxiety disorder",
    "post-traumatic stress disorder, chronic",
    "bipolar disorder, current episode depressed, mild",
]
SUMMARIES = {
    "completed": "Attended consistently and met treatment-plan goals; abstinent for the last "
    "six weeks; relapse-prevention plan in place.",
    "stepped_down": "Stable and engaged; stepping down to weekly outpatient therapy.",
    "transferred_up": "Return to use with withdrawal risk; transferred to residential care.",
    "against_advice": "Stopped attending after week three and declined to return.",
    "administrative": "Discharged after repeated absences despite outreach.",
}
AFTERCARE = [
    ("appointment", "Weekly outpatient therapy, Riverside clinic", "Tuesdays 5 pm"),
    ("twelve_step", "AA home group, First Church basement", "Mon/Wed/Fri 7 pm"),
    ("non_twelve_step", "SMART Recovery meeting, library annex", "Thursdays 6:30 pm"),
    ("referral", "Psychiatry follow-up, Dr. Alvarez", "(555) 010-2200"),
    ("referral", "Recovery housing, Oak Street House", "intake (555) 010-3300"),
]


def _birth_date(ctx: DemoContext) -> date:
    age = ctx.rng.randint(14, 17) if ctx.rng.random() < 0.06 else ctx.rng.randint(19, 66)
    return ctx.today - timedelta(days=age * 365 + ctx.rng.randint(0, 364))


def _status(ctx: DemoContext, index: int) -> str:
    """A fifth discharged in the demo; with ``ctx.data["history"]`` (the benchmark's long
    history, cairn/bench/README.md) the first clients are the discharged ones."""
    history = ctx.data.get("history")
    if history is None:
        return "discharged" if ctx.rng.random() < 0.2 else "active"
    return "discharged" if index < ctx.clients - history["active"] else "active"


def _history_admission(ctx: DemoContext, index: int) -> date:
    """Admissions in client order: discharged clients spread over the history (an IOP episode
    lasts 3-10 weeks), the active census admitted in the last ten weeks. Consecutive clients
    are admitted together, so the attendance demo's cohorts are admission cohorts."""
    active, days = ctx.data["history"]["active"], 7 * ctx.weeks
    past = ctx.clients - active
    if index < past:
        return ctx.today - timedelta(days=days - round((days - 80) * index / max(past, 1)))
    return ctx.today - timedelta(days=70 - round(67 * (index - past) / max(active, 1)))


def _codes(searches: list[str]) -> list:
    from cairn.clients import icd

    return [hit for text in searches for hit in icd.search(text, limit=1) if hit.billable]


def seed(ctx: DemoContext) -> None:
    program, organization = ctx.data["program"], ctx.data["organization"]
    rng = ctx.rng
    clients = Client.objects.bulk_create(
        (
            Client(
                organization=organization,
                program=program,
                mrn=f"R{100000 + i}",
                first_name=FIRST[rng.randrange(len(FIRST))],
                last_name=LAST[rng.randrange(len(LAST))],
                pronouns=rng.choice(PRONOUNS),
                date_of_birth=_birth_date(ctx),
                sex_at_birth=rng.choice(["female", "male"]),
                status=_status(ctx, i),
                phone=f"(555) 01{i % 10}-{1000 + i % 9000:04d}",
                preferred_language=rng.choice(LANGUAGES),
                employment=rng.choice(EMPLOYMENT),
                living_situation=rng.choice(LIVING),
            )
            for i in range(ctx.clients)
        ),
        batch_size=1000,
    )
    episodes = _episodes(ctx, clients)
    _network(ctx, clients)
    _diagnoses(ctx, clients, episodes)
    _changes(ctx, episodes)
    _discharges(ctx, episodes)
    ctx.data.update(clients=clients, episodes=episodes)
    active = sum(1 for c in clients if c.status == "active")
    ctx.say(f"Clients: {len(clients)} ({active} active, {len(clients) - active} discharged)")


def _episodes(ctx: DemoContext, clients: list[Client]) -> list[Episode]:
    from cairn.clients.hours import minimum_from, rules_for

    program, tracks, clinicians = ctx.data["program"], ctx.data["tracks"], ctx.data["clinicians"]
    intake, rng = ctx.data["staff"]["intake"], ctx.rng
    rules = rules_for(program, "2.1")  # loaded once, applied to each client
    episodes, team = [], []
    for index, client in enumerate(clients):
        clinician = clinicians[index % len(clinicians)]
        admitted = ctx.today - timedelta(days=rng.randint(3, max(7 * ctx.weeks, 10)))
        if "history" in ctx.data:
            admitted = _history_admission(ctx, index)
        discharged = None
        if client.status == "discharged":
            discharged = min(
                ctx.today - timedelta(days=1), admitted + timedelta(days=rng.randint(21, 70))
            )
        minimum = minimum_from(rules, "2.1", client.date_of_birth, admitted)
        source = rng.choice(REFERRALS)
        episodes.append(
            Episode(
                client=client,
                program=program,
                track=tracks[index % len(tracks)],
                admitted_on=admitted,
                discharged_on=discharged,
                status="discharged" if discharged else "active",
                primary_clinician=clinician,
                weekly_min_hours=minimum.hours,
                weekly_min_basis=minimum.basis,
                referral_source=source,
                referring_organization=rng.choice(REFERRERS.get(source, [""])),
                admitted_by=intake,
            )
        )
        # The team stays on the chart after discharge for the 30/60/90-day check-ins.
        recent = discharged is None or (ctx.today - discharged).days <= 120
        team.append(CareTeamMember(client=client, user=clinician, role="primary", active=recent))
        if rng.random() < 0.35:
            team.append(
                CareTeamMember(
                    client=client, user=ctx.data["prescriber"], role="prescriber", active=recent
                )
            )
    Episode.objects.bulk_create(episodes, batch_size=1000)
    CareTeamMember.objects.bulk_create(team, batch_size=1000)
    return episodes


def _network(ctx: DemoContext, clients: list[Client]) -> None:
    rng, contacts, coverages = ctx.rng, [], []
    for client in clients:
        relationship, kind = rng.choice(FAMILY)
        contacts.append(
            Contact(
                client=client,
                name=f"{rng.choice(CONTACT_FIRST)} {client.last_name}",
                kind=kind,
                relationship=relationship,
                phone=f"(555) 02{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
                emergency_contact=True,
                may_contact=True,
            )
        )
        if rng.random() < 0.6:
            relationship, kind = rng.choice(SUPPORTS)
            contacts.append(
                Contact(
                    client=client,
                    name=f"{rng.choice(CONTACT_FIRST)} {rng.choice(LAST)}",
                    kind=kind,
                    relationship=relationship,
                    phone=f"(555) 03{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
                    may_contact=rng.random() < 0.5,
                )
            )
        if rng.random() < 0.9:
            payer, plan = rng.choice(PAYERS)
            coverages.append(
                Coverage(
                    client=client,
                    payer_name=payer,
                    plan_name=plan,
                    member_id=f"{payer[:2].upper()}{rng.randint(10_000_000, 99_999_999)}",
                    group_number=f"G{rng.randint(1000, 9999)}" if payer != "Medicaid" else "",
                )
            )
            if rng.random() < 0.12:
                coverages.append(
                    Coverage(
                        client=client,
                        priority=2,
                        payer_name="Medicare",
                        plan_name="Part B",
                        member_id=f"1EG4-TE5-MK{rng.randint(10, 99)}",
                    )
                )
    Contact.objects.bulk_create(contacts, batch_size=1000)
    Coverage.objects.bulk_create(coverages, batch_size=1000)


def _diagnoses(ctx: DemoContext, clients: list[Client], episodes: list[Episode]) -> None:
    rng, clinicians = ctx.rng, ctx.data["clinicians"]
    sud, mental = _codes(SUD_SEARCHES), _codes(MH_SEARCHES)
    rows = []
    for index, (client, episode) in enumerate(zip(clients, episodes, strict=True)):
        by = clinicians[index % len(clinicians)]
        primary = rng.choice(sud)
        rows.append(
            Diagnosis(
                client=client,
                episode=episode,
                code=primary.code,
                description=primary.description,
                rank="primary",
                category="substance_use",
                onset_on=episode.admitted_on - timedelta(days=rng.randint(200, 4000)),
                recorded_by=by,
            )
        )
        if rng.random() < 0.55:
            extra = rng.choice(mental)
            rows.append(
                Diagnosis(
                    client=client,
                    episode=episode,
                    code=extra.code,
                    description=extra.description,
                    category="mental_health",
                    recorded_by=by,
                )
            )
    Diagnosis.objects.bulk_create(rows, batch_size=1000)


def _changes(ctx: DemoContext, episodes: list[Episode]) -> None:
    """Some active clients stepped down from PHP, a few stepped up to it, some moved to the
    evening track."""
    from cairn.clients.hours import minimum_from, rules_for

    php = rules_for(ctx.data["program"], "2.5")
    rng, tracks, rows = ctx.rng, ctx.data["tracks"], []
    changed = []
    for episode in episodes:
        if episode.status != "active" or (ctx.today - episode.admitted_on).days < 14:
            continue
        roll = rng.random()
        if roll < 0.04:
            rows.append(
                EpisodeChange(
                    episode=episode,
                    effective_on=ctx.today - timedelta(days=rng.randint(1, 6)),
                    from_level="2.1",
                    to_level="2.5",
                    from_track=episode.track,
                    to_track=episode.track,
                    from_weekly_min_hours=episode.weekly_min_hours,
                    to_weekly_min_hours=Decimal(20),
                    reason="Return to use after a family crisis; needs PHP hours for now.",
                    decided_by=episode.primary_clinician,
                    recorded_by=episode.primary_clinician,
                )
            )
            minimum = minimum_from(php, "2.5", episode.client.date_of_birth, ctx.today)
            episode.level_of_care = "2.5"
            episode.weekly_min_hours, episode.weekly_min_basis = minimum.hours, minimum.basis
            changed.append(episode)
        elif roll < 0.10:
            rows.append(
                EpisodeChange(
                    episode=episode,
                    effective_on=episode.admitted_on + timedelta(days=rng.randint(7, 12)),
                    from_level="2.5",
                    to_level="2.1",
                    from_track=episode.track,
                    to_track=episode.track,
                    from_weekly_min_hours=20,
                    to_weekly_min_hours=episode.weekly_min_hours,
                    reason="Withdrawal resolved and mood stable; ready for IOP hours.",
                    decided_by=episode.primary_clinician,
                    recorded_by=episode.primary_clinician,
                )
            )
        elif roll < 0.16 and episode.track != tracks[-1]:
            rows.append(
                EpisodeChange(
                    episode=episode,
                    effective_on=episode.admitted_on + timedelta(days=rng.randint(5, 13)),
                    from_level=episode.level_of_care,
                    to_level=episode.level_of_care,
                    from_track=episode.track,
                    to_track=tracks[-1],
                    from_weekly_min_hours=episode.weekly_min_hours,
                    to_weekly_min_hours=episode.weekly_min_hours,
                    reason="Started a day job; moved to the evening track to keep attending.",
                    decided_by=episode.primary_clinician,
                    recorded_by=episode.primary_clinician,
                )
            )
            episode.track = tracks[-1]
            changed.append(episode)
    EpisodeChange.objects.bulk_create(rows, batch_size=1000)
    Episode.objects.bulk_update(
        changed,
        ["track", "level_of_care", "weekly_min_hours", "weekly_min_basis"],
        batch_size=1000,
    )


def _discharges(ctx: DemoContext, episodes: list[Episode]) -> None:
    """Discharge type, summary and aftercare; 30/60/90-day check-ins (past ones done)."""
    from cairn.clients.discharge import CHECK_IN_DAYS, CHECK_IN_KIND
    from cairn.worklist.models import Task

    rng, program = ctx.rng, ctx.data["program"]
    now, done, items, tasks = timezone.now(), [], [], []
    for episode in episodes:
        if episode.status != "discharged":
            continue
        kind = rng.choice(list(SUMMARIES))
        episode.discharge_type, episode.discharge_summary = kind, SUMMARIES[kind]
        episode.discharged_by = episode.primary_clinician
        done.append(episode)
        for position, (what, description, details) in enumerate(rng.sample(AFTERCARE, 3)):
            items.append(
                AftercareItem(
                    episode=episode,
                    kind=what,
                    description=description,
                    details=details,
                    position=position,
                )
            )
        for days in CHECK_IN_DAYS:
            due = datetime.combine(
                episode.discharged_on + timedelta(days=days), time(17), program.tz
            )
            closed = due < now and rng.random() < 0.6
            tasks.append(
                Task(
                    program=program,
                    client_id=episode.client_id,
                    owner=episode.primary_clinician,
                    kind=CHECK_IN_KIND,
                    title=f"{days}-day check-in after discharge",
                    due_at=due,
                    status="done" if closed else "open",
                    completed_at=due if closed else None,
                    completed_by=episode.primary_clinician if closed else None,
                    resolution="Reached by phone; attending meetings, no return to use."
                    if closed
                    else "",
                    source=f"episode:{episode.pk}:check-in:{days}",
                    url=f"/clients/{episode.client_id}/episodes/",
                )
            )
    Episode.objects.bulk_update(
        done, ["discharge_type", "discharge_summary", "discharged_by"], batch_size=1000
    )
    AftercareItem.objects.bulk_create(items, batch_size=1000)
    Task.objects.bulk_create(tasks, batch_size=1000)
