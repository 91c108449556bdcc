"""Portal demo data: a client login (``client``), a family login (``family``) only for a
client whose family consent is on file, and 2–3 weeks of daily check-ins for active clients,
bulk-inserted and deterministic (``ctx.rng``)."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cairn.accounts.models import User
from cairn.clients.models import Episode
from cairn.core.demo import DEMO_PASSWORD, DemoContext
from cairn.plans.models import RelapsePreventionVersion
from cairn.plans.models.base import VersionStatus
from cairn.portal.invitations import family_consent
from cairn.portal.models import CheckIn, FamilyLink

COPING = ["Called my sponsor", "Went for a walk", "Urge surfing", "Went to a meeting", ""]
SUBSTANCES = ["alcohol", "cannabis", "cocaine"]
_LOGINS: list[str] = []


def seed(ctx: DemoContext) -> None:
    episodes = [e for e in ctx.data.get("episodes", []) if e.status == Episode.Status.ACTIVE]
    if not episodes:
        return
    plans = {
        v.plan.client_id: v
        for v in RelapsePreventionVersion.objects.filter(
            status=VersionStatus.ACTIVE, plan__client_id__in=[e.client_id for e in episodes]
        ).select_related("plan")
    }
    rows = []
    for episode in episodes:
        if ctx.rng.random() < 0.7:
            rows += _checkins(ctx, episode, plans.get(episode.client_id))
    CheckIn.objects.bulk_create(rows, batch_size=2000)
    _LOGINS.clear()
    client_login = _client_login(ctx, episodes, plans)
    family_login = _family_login(ctx, episodes)
    ctx.say(
        f"Portal: {len(rows)} check-ins; logins: {client_login or 'none'}"
        f"{', ' + family_login if family_login else ''}"
    )


def _checkins(ctx, episode, plan) -> list[CheckIn]:
    rng, today = ctx.rng, ctx.today
    days = min(rng.randint(14, 21), max(0, (today - episode.admitted_on).days))
    triggers = [t for _label, items in plan.triggers for t in items] if plan else []
    base_mood, base_craving = rng.randint(4, 8), rng.randint(1, 5)
    rows = []
    for back in range(days, 0, -1):
        if rng.random() < 0.15:  # a missed day now and then
            continue
        used = rng.random() < 0.03
        craving = min(10, max(0, base_craving + rng.randint(-2, 3) + (4 if used else 0)))
        rows.append(
            CheckIn(
                client_id=episode.client_id,
                day=today - timedelta(days=back),
                created_at=timezone.now() - timedelta(days=back),
                mood=min(10, max(1, base_mood + rng.randint(-2, 2) - (2 if used else 0))),
                craving=craving,
                sleep_hours=Decimal(rng.randint(8, 18)) / 2,
                used_substance=used,
                substances=rng.choice(SUBSTANCES) if used else "",
                triggers=rng.sample(triggers, k=min(len(triggers), rng.randint(0, 2))),
                coping=rng.choice(COPING),
            )
        )
    return rows


def _client_login(ctx, episodes, plans) -> str:
    episode = next((e for e in episodes if e.client_id in plans), episodes[0])
    User.objects.create(
        username="client",
        password=make_password(DEMO_PASSWORD),
        kind=User.Kind.CLIENT,
        client_id=episode.client_id,
        first_name=episode.client.first_name,
        last_name=episode.client.last_name,
        demo_account=True,
    )
    _LOGINS.append(f"  client      {episode.client.first_name} {episode.client.last_name} — portal")
    return "client"


def _family_login(ctx, episodes) -> str:
    """Only where a family consent allowing it is on file (issue 11.7)."""
    from cairn.clients.models import Contact

    contacts = Contact.objects.filter(
        client_id__in=[e.client_id for e in episodes], kind=Contact.Kind.FAMILY, active=True
    ).select_related("client", "client__program")
    with_family_sessions = ctx.data.get("family_clients", set())
    ordered = sorted(
        contacts.order_by("client_id", "pk")[:400],
        key=lambda c: (c.client_id not in with_family_sessions, c.client_id, c.pk),
    )
    for contact in ordered:
        if family_consent(contact.client, contact):
            user = User.objects.create(
                username="family",
                password=make_password(DEMO_PASSWORD),
                kind=User.Kind.FAMILY,
                client_id=contact.client_id,
                first_name=contact.name[:150],
                demo_account=True,
            )
            FamilyLink.objects.create(user=user, client_id=contact.client_id, contact=contact)
            _LOGINS.append(
                f"  family      {contact.name} — family portal for {contact.client.first_name}"
            )
            return "family"
    return ""


def login_lines() -> list[str]:
    """The portal's demo logins, printed by seed_demo after the staff ones."""
    if not _LOGINS:
        _LOGINS.extend(
            f"  {u.username:<11} {u.get_full_name()} — {u.get_kind_display()}"
            for u in User.objects.filter(demo_account=True, kind__in=["client", "family"])
        )
    return list(_LOGINS)
