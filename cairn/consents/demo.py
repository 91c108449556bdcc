"""Demo consents and disclosures.

Most active clients signed the single TPO consent at admission; about one in five a consent for
a family member (a few of them since revoked); some an employer consent that has expired, a few
a court consent. The first active clients of the demo clinician get the full picture: TPO,
family, a revoked and an expired consent, a consent waiting for signature, and disclosures (one
in a medical emergency, waiting for the director's review). Consents are bulk-inserted; the few
disclosures go through the real operation so their packages are real PDFs.
"""

from datetime import datetime, time, timedelta

from cairn.clients.models import Contact, Episode
from cairn.consents import disclosing
from cairn.consents.categories import Period
from cairn.consents.models import Consent
from cairn.consents.presets import presets
from cairn.consents.vocabulary import discloser, revocation_statement
from cairn.core.demo import DemoContext

RELATIVES = ["mother", "father", "partner", "sister", "brother", "aunt", "spouse"]
GIVEN = ["Maria", "Jordan", "Ana", "Sam", "Lee", "Chris", "Pat", "Dana", "Robin", "Terry"]


def _consent(ctx, episode, by, preset_key, *, signed_on, **overrides) -> Consent:
    client, program = episode.client, ctx.data["program"]
    preset = presets()[preset_key]
    values = preset.initial(signed_on)
    values.pop("preset")
    consent = Consent(
        client=client,
        program=program,
        preset=preset_key,
        discloser=discloser(program),
        revocation_statement=revocation_statement(program),
        prepared_by=by,
        prepared_at=datetime.combine(signed_on, time(10), tzinfo=program.tz),
        signer_kind="client",
        signer_name=f"{client.first_name} {client.last_name}",
        signature_attested=True,
        signature_method="on_screen",
        signed_on=signed_on,
        signature_recorded_by=by,
        **values,
    )
    consent.signed_at = consent.prepared_at + timedelta(minutes=5)
    if consent.expiry_event == "end_of_treatment":
        consent.episode = episode
    for name, value in overrides.items():
        setattr(consent, name, value)
    return consent


def _family_name(ctx, client) -> str:
    relation = ctx.rng.choice(RELATIVES)
    return f"{ctx.rng.choice(GIVEN)} {client.last_name} ({relation})"


def _family_contacts(episodes) -> dict[int, Contact]:
    """Each client's first family member on the contact list (one query)."""
    found: dict[int, Contact] = {}
    for contact in Contact.objects.filter(
        client_id__in=[e.client_id for e in episodes], kind=Contact.Kind.FAMILY, active=True
    ).order_by("pk"):
        found.setdefault(contact.client_id, contact)
    return found


def _family_recipient(ctx, client, contacts) -> dict:
    """A family consent names the family member on the contact list, linked, when there is
    one; otherwise a relative typed in."""
    typed = _family_name(ctx, client)
    contact = contacts.get(client.pk)
    if contact is None:
        return {"recipient_name": typed}
    return {"recipient_name": f"{contact.name} ({contact.relationship})", "contact": contact}


def seed(ctx: DemoContext) -> None:
    staff = ctx.data["staff"]
    intake, clinician = staff["intake"], staff["clinician"]
    episodes = [e for e in ctx.data["episodes"] if e.status == Episode.Status.ACTIVE]
    rng, today = ctx.rng, ctx.today
    rows: list[Consent] = []
    family_contacts = _family_contacts(episodes)
    for episode in episodes:
        admitted = episode.admitted_on
        if rng.random() < 0.85:
            rows.append(_consent(ctx, episode, intake, "insurer_tpo", signed_on=admitted))
        roll = rng.random()
        if roll < 0.2:
            signed = admitted + timedelta(days=rng.randint(0, 5))
            family = _consent(
                ctx,
                episode,
                intake,
                "family",
                signed_on=min(signed, today),
                **_family_recipient(ctx, episode.client, family_contacts),
            )
            if rng.random() < 0.2:
                family.revoked_on = min(
                    today, family.signed_on + timedelta(days=rng.randint(3, 20))
                )
                family.revoked_how = rng.choice(["in_person", "letter", "portal"])
                family.revocation_recorded_at = family.signed_at + timedelta(days=1)
                family.revocation_recorded_by = intake
            rows.append(family)
        elif roll < 0.28:
            signed = admitted
            rows.append(
                _consent(
                    ctx,
                    episode,
                    intake,
                    "employer",
                    signed_on=signed,
                    recipient_name="J. Patel, Human Resources, Acme Logistics",
                    expires_on=signed + timedelta(days=rng.randint(10, 40)),
                )
            )
        elif roll < 0.32:
            rows.append(
                _consent(
                    ctx,
                    episode,
                    intake,
                    "court",
                    signed_on=admitted,
                    recipient_name="Officer D. Reyes, County Probation",
                )
            )
    Consent.objects.bulk_create(rows)
    showcase = _showcase(ctx, episodes, clinician, intake)
    total = Consent.objects.filter(program=ctx.data["program"])
    ctx.say(
        f"Consents: {total.count()} ({total.filter(is_tpo=True).count()} TPO, "
        f"{total.filter(revoked_on__isnull=False).count()} revoked); "
        f"disclosures: {showcase['disclosures']}"
    )


def _showcase(ctx, episodes, clinician, intake) -> dict:
    """The demo clinician's first client: every kind of consent, and disclosures."""
    mine = [e for e in episodes if e.primary_clinician_id == clinician.pk]
    if not mine:
        return {"consents": 0, "disclosures": 0}
    episode, today = mine[0], ctx.today
    client = episode.client
    start = episode.admitted_on
    family = _consent(
        ctx,
        episode,
        intake,
        "family",
        signed_on=start,
        recipient_name=f"Maria {client.last_name} (mother)",
        categories=["demographics", "attendance", "treatment_plan", "medications"],
    )
    revoked = _consent(
        ctx,
        episode,
        intake,
        "sober_support",
        signed_on=start,
        recipient_name="Sam Ortiz (sponsor)",
        revoked_on=min(today, start + timedelta(days=2)),
        revoked_how="in_person",
        revocation_note="Changed sponsors.",
        revocation_recorded_by=intake,
    )
    revoked.revocation_recorded_at = revoked.signed_at + timedelta(days=2)
    expired = _consent(
        ctx,
        episode,
        intake,
        "employer",
        signed_on=start,
        recipient_name="J. Patel, Human Resources, Acme Logistics",
        expires_on=start,
    )
    provider = _consent(
        ctx,
        episode,
        intake,
        "treating_provider",
        signed_on=start,
        recipient_name="Dr. A. Lee, Harbor Family Medicine",
    )
    waiting = Consent(
        client=client,
        program=ctx.data["program"],
        preset="court",
        discloser=discloser(ctx.data["program"]),
        revocation_statement=revocation_statement(ctx.data["program"]),
        prepared_by=intake,
        recipient_name="Officer D. Reyes, County Probation",
        **{k: v for k, v in presets()["court"].initial(today).items() if k != "preset"},
    )
    made = [family, revoked, expired, provider, waiting]
    if not Consent.objects.filter(client=client, is_tpo=True).exists():
        made.append(_consent(ctx, episode, intake, "insurer_tpo", signed_on=start))
    Consent.objects.bulk_create(made)
    disclosures = 0
    since = Period(start, today)
    for consent, keys in [
        (family, ["demographics", "attendance", "medications"]),
        (provider, ["demographics", "attendance", "medications", "drug_screens"]),
    ]:
        disclosing.release_with_consent(
            client, consent, categories=keys, period=since, by=clinician
        )
        disclosures += 1
    disclosing.release_in_emergency(
        client,
        recipient_name="Dr. R. Osei",
        recipient_organization="Springfield General Hospital, emergency department",
        reason="Brought in unresponsive; treating physician asked for current medications.",
        categories=["demographics", "medications", "drug_screens"],
        period=since,
        by=clinician,
    )
    return {"consents": len(made), "disclosures": disclosures + 1}
