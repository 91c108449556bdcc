"""Demo clients: active clients across the three tracks with care teams, some discharged,
some adolescents (6-hour weekly minimum). Synthetic names; no real people."""

from datetime import date, timedelta

from cairn.clients.models import CareTeamMember, Client, Episode
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


def _birth_date(ctx: DemoContext) -> date:
    age = ctx.rng.randint(14, 17) if ctx.rng.random() < 0.06 else ctx.rng.randint(19, 66)
    return ctx.today - timedelta(days=age * 365 + ctx.rng.randint(0, 364))


def seed(ctx: DemoContext) -> None:
    program, organization = ctx.data["program"], ctx.data["organization"]
    tracks, clinicians = ctx.data["tracks"], ctx.data["clinicians"]
    rng = ctx.rng
    clients = Client.objects.bulk_create(
        Client(
            organization=organization,
            program=program,
            mrn=f"R{100000 + i}",
            first_name=FIRST[rng.randrange(len(FIRST))],
            last_name=LAST[rng.randrange(len(LAST))],
            pronouns=rng.choice(PRONOUNS),
            date_of_birth=_birth_date(ctx),
            sex_at_birth=rng.choice(["female", "male"]),
            status="discharged" if rng.random() < 0.2 else "active",
        )
        for i in range(ctx.clients)
    )
    episodes, team = [], []
    for index, client in enumerate(clients):
        clinician = clinicians[index % len(clinicians)]
        admitted = ctx.today - timedelta(days=rng.randint(3, max(7 * ctx.weeks, 10)))
        discharged = None
        if client.status == "discharged":
            discharged = min(
                ctx.today - timedelta(days=1), admitted + timedelta(days=rng.randint(21, 70))
            )
        adolescent = client.age(ctx.today) < 18
        episodes.append(
            Episode(
                client=client,
                program=program,
                track=tracks[index % len(tracks)],
                admitted_on=admitted,
                discharged_on=discharged,
                status="discharged" if discharged else "active",
                primary_clinician=clinician,
                weekly_min_hours=6 if adolescent else 9,
                referral_source=rng.choice(REFERRALS),
            )
        )
        team.append(
            CareTeamMember(client=client, user=clinician, role="primary", active=not discharged)
        )
        if rng.random() < 0.35:
            team.append(
                CareTeamMember(
                    client=client,
                    user=ctx.data["prescriber"],
                    role="prescriber",
                    active=not discharged,
                )
            )
    Episode.objects.bulk_create(episodes)
    CareTeamMember.objects.bulk_create(team)
    ctx.data.update(clients=clients, episodes=episodes)
    active = sum(1 for c in clients if c.status == "active")
    ctx.say(f"Clients: {len(clients)} ({active} active, {len(clients) - active} discharged)")
