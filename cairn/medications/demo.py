"""Demo medications, allergies, recovery dates and weekly drug screens (issue 10, point 6).

About a fifth of clients take buprenorphine/naloxone, one in eight naltrexone, a few methadone
through an outside opioid treatment program, some acamprosate or disulfiram; many take a
medication for a co-occurring condition. Every client in care gives a weekly urine cup; the
prescribed substances show up as expected positives and a few clients have an unexpected one,
which flags the chart (recent ones) or was already reviewed (older ones). Bulk inserts
throughout: 10,000 clients seed in seconds, not minutes.
"""

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from cairn.core.demo import DemoContext
from cairn.medications.catalog import catalog
from cairn.medications.classification import Prescription, classify
from cairn.medications.models import (
    AdherenceCheck,
    Allergy,
    DrugScreen,
    Medication,
    RecoveryDate,
    ScreenResult,
)
from cairn.worklist.models import Alert

OTP = "Harbor Opioid Treatment Program"
OUTSIDE = ["Dr. A. Reyes, Northside Bridge Clinic", "Dr. P. Nair, Riverside Primary Care"]
#: key, product index, dose, frequency, reason, condition
MAT = [
    (0.22, "buprenorphine-naloxone", 2, "1 film", "twice daily"),
    (0.30, "naltrexone", 1, "380 mg", "every 28 days"),
    (0.34, "naltrexone", 0, "1 tablet", "once daily"),
    (0.38, "methadone", 0, "80 mg", "once daily, observed at the program"),
    (0.42, "acamprosate", 0, "2 tablets", "three times daily"),
    (0.44, "disulfiram", 0, "1 tablet", "once daily"),
]
CO_OCCURRING = [
    ("sertraline", 1, "depression"),
    ("escitalopram", 1, "anxiety"),
    ("bupropion", 0, "depression"),
    ("trazodone", 0, "sleep"),
    ("quetiapine", 0, "bipolar disorder"),
    ("hydroxyzine", 0, "anxiety"),
    ("prazosin", 0, "PTSD nightmares"),
    ("gabapentin", 1, "anxiety"),
    ("clonazepam", 0, "panic disorder"),
    ("amphetamine-dextroamphetamine", 1, "ADHD"),
]
RELAPSE_SUBSTANCES = ["cocaine", "thc", "opiates", "methamphetamine", "benzodiazepines"]
PANEL = "urine_cup_12"


def _medication(ctx, client, key, product_index, dose, frequency, reason, detail, start, by):
    drug = catalog().drugs[key]
    product = drug.products[product_index]
    in_program = key != "methadone" and ctx.rng.random() < 0.6
    return Medication(
        client=client,
        name=drug.name,
        catalog_key=drug.key,
        drug_class=drug.drug_class,
        ingredients=list(drug.ingredients),
        strength=product.strength,
        form=product.form,
        dose=dose,
        route=product.route,
        frequency=frequency,
        prescriber=by if in_program else None,
        outside_prescriber=""
        if in_program
        else (OTP if key == "methadone" else ctx.rng.choice(OUTSIDE)),
        start_date=start,
        reason=reason,
        reason_detail=detail or drug.mat,
        is_mat=bool(drug.mat) and reason == "substance_use",
        recorded_by=by,
    )


def _medications(ctx, client, episode, nurse) -> list[Medication]:
    rng, meds = ctx.rng, []
    start = episode.admitted_on - timedelta(days=rng.randint(0, 60))
    draw = rng.random()
    for limit, key, index, dose, frequency in MAT:
        if draw < limit:
            meds.append(
                _medication(
                    ctx, client, key, index, dose, frequency, "substance_use", "", start, nurse
                )
            )
            break
    if rng.random() < 0.45:
        key, index, detail = rng.choice(
            CO_OCCURRING[:8] if rng.random() < 0.9 else CO_OCCURRING[8:]
        )
        meds.append(
            _medication(
                ctx,
                client,
                key,
                index,
                "1 tablet",
                "once daily",
                "co_occurring",
                detail,
                episode.admitted_on + timedelta(days=rng.randint(0, 7)),
                nurse,
            )
        )
    if rng.random() < 0.08:
        old = _medication(
            ctx,
            client,
            "sertraline",
            0,
            "1 tablet",
            "once daily",
            "co_occurring",
            "depression",
            start - timedelta(days=120),
            nurse,
        )
        old.stop_date, old.stop_reason = start - timedelta(days=30), "Side effects"
        meds.append(old)
    if rng.random() < 0.02:
        meds.append(
            Medication(
                client=client,
                name="St. John's wort (client's own)",
                dose="300 mg",
                route="oral",
                frequency="once daily",
                outside_prescriber="Self (over the counter)",
                start_date=start,
                reason="other",
                recorded_by=nurse,
            )
        )
    return meds


def _results(ctx, prescriptions, on, slip: str | None) -> list[tuple[str, str]]:
    """(analyte, result) for one 12-panel cup: what the prescriptions produce, plus a slip."""
    rows = []
    for code in catalog().panels[PANEL].analytes:
        result = "negative"
        if (
            prescriptions
            and classify(code, "positive", on, prescriptions)[0] == "expected"
            and ctx.rng.random() < 0.93
        ):
            result = "positive"
        if code == slip:
            result = "positive"
        rows.append((code, result))
    if ctx.rng.random() < 0.01:
        index = ctx.rng.randrange(len(rows))
        rows[index] = (rows[index][0], "invalid")
    return rows


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    nurse = ctx.data["prescriber"]
    clients, episodes = ctx.data["clients"], ctx.data["episodes"]
    clinicians = {episode.client_id: episode.primary_clinician for episode in episodes}
    meds, allergies, recoveries = [], [], []
    for client, episode in zip(clients, episodes, strict=True):
        meds.extend(_medications(ctx, client, episode, nurse))
        draw = rng.random()
        if draw < 0.12:
            allergies.append(
                Allergy(
                    client=client,
                    substance="Penicillin",
                    category="medication",
                    reaction="Hives",
                    severity="moderate",
                    recorded_by=nurse,
                )
            )
        elif draw < 0.16:
            allergies.append(
                Allergy(
                    client=client,
                    substance="Sulfa drugs",
                    category="medication",
                    reaction="Rash",
                    severity="mild",
                    recorded_by=nurse,
                )
            )
        elif draw < 0.5:
            allergies.append(Allergy(client=client, no_known_allergies=True, recorded_by=nurse))
        if rng.random() < 0.85:
            recoveries.append(
                RecoveryDate(
                    client=client,
                    recovery_on=episode.admitted_on - timedelta(days=rng.randint(0, 90)),
                    note="At admission.",
                    recorded_by=clinicians[client.pk],
                    recorded_at=_at(episode.admitted_on),
                )
            )
    Medication.objects.bulk_create(meds, batch_size=2000)
    Allergy.objects.bulk_create(allergies, batch_size=2000)
    RecoveryDate.objects.bulk_create(recoveries, batch_size=2000)
    by_client: dict[int, list[Medication]] = {}
    for med in meds:
        by_client.setdefault(med.client_id, []).append(med)
    recovery_by_client = {row.client_id: row for row in recoveries}
    screens, unexpected = _screens(ctx, clients, episodes, by_client, recovery_by_client)
    _adherence(ctx, by_client, clinicians)
    ctx.say(
        f"Medications: {len(meds)} ({sum(m.is_mat for m in meds)} for addiction treatment), "
        f"{len(allergies)} allergy entries, {screens} drug screens ({unexpected} with an "
        "unexpected positive)"
    )


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _screens(ctx, clients, episodes, by_client, recovery_by_client) -> tuple[int, int]:
    rng, today = ctx.rng, ctx.today
    screens, pending = [], []
    for client, episode in zip(clients, episodes, strict=True):
        prescriptions = [Prescription.of(m) for m in by_client.get(client.pk, [])]
        end = episode.discharged_on or today
        day = episode.admitted_on + timedelta(days=rng.randint(0, 3))
        slip_week = rng.randrange(6) if rng.random() < 0.2 else -1
        week = 0
        while day <= end:
            slip = rng.choice(RELAPSE_SUBSTANCES) if week == slip_week else None
            screen = DrugScreen(
                client=client,
                collected_on=day,
                method="urine_cup",
                observed=rng.random() < 0.3,
                panel=PANEL,
                recorded_by=episode.primary_clinician,
                recorded_at=_at(day),
                validity={"temperature": "normal"},
            )
            screens.append(screen)
            pending.append((screen, _results(ctx, prescriptions, day, slip), episode))
            day += timedelta(days=7)
            week += 1
    DrugScreen.objects.bulk_create(screens, batch_size=2000)
    rows, alerts, reviews, flagged = [], [], [], 0
    for screen, answers, episode in pending:
        prescriptions = [Prescription.of(m) for m in by_client.get(screen.client_id, [])]
        reviewed = (ctx.today - screen.collected_on).days > 7
        unexpected = []
        for code, result in answers:
            classification, explained_by = classify(
                code, result, screen.collected_on, prescriptions
            )
            confirm = result == "positive" and reviewed
            rows.append(
                (
                    screen.pk,
                    code,
                    result,
                    classification,
                    explained_by,
                    classification,
                    episode.primary_clinician_id if confirm else None,
                    _at(screen.collected_on + timedelta(days=1)) if confirm else None,
                )
            )
            if classification == "unexpected":
                unexpected.append(code)
        if unexpected:
            flagged += 1
            _follow_up(ctx, screen, unexpected, episode, recovery_by_client, alerts, reviews)
    _insert_results(rows)
    Alert.objects.bulk_create(alerts, batch_size=2000)
    RecoveryDate.objects.bulk_create(reviews, batch_size=2000)
    return len(screens), flagged


COLUMNS = (
    "screen_id",
    "analyte",
    "result",
    "auto_classification",
    "explained_by",
    "classification",
    "classified_by_id",
    "classified_at",
    "classification_reason",
    "version",
)


def _insert_results(rows: list[tuple]) -> None:
    """Hundreds of thousands of result rows go in as plain tuples — COPY on PostgreSQL, one
    prepared INSERT run over all rows on SQLite — an order of magnitude faster than building
    model instances. The table and columns come from this module, never from input."""
    table = connection.ops.quote_name(ScreenResult._meta.db_table)
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, "", 1))
            return
        adapt = connection.ops.adapt_datetimefield_value
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
            [(*row[:7], adapt(row[7]), "", 1) for row in rows],
        )


def _follow_up(ctx, screen, unexpected, episode, recovery_by_client, alerts, reviews) -> None:
    """Recent unexpected positives flag the chart; older ones were reviewed: the clinician set
    a new recovery date (a relapse) or kept it with a reason."""
    recovery = recovery_by_client.get(screen.client_id)
    if (ctx.today - screen.collected_on).days <= 7:
        names = ", ".join(catalog().analytes[code].label for code in unexpected)
        message = (
            f"Unexpected positive drug screen ({names}) collected {screen.collected_on:%b %-d, %Y}."
        )
        if recovery and recovery.recovery_on <= screen.collected_on:
            message += f" Review the recovery date ({recovery.recovery_on:%b %-d, %Y})."
        alerts.append(
            Alert(
                client_id=screen.client_id,
                program_id=episode.program_id,
                kind="drug_screen",
                message=message[:300],
                source=f"medications.screen:{screen.pk}",
                raised_at=_at(screen.collected_on),
            )
        )
    elif recovery and recovery.recovery_on <= screen.collected_on:
        relapse = ctx.rng.random() < 0.8
        reviews.append(
            RecoveryDate(
                client_id=screen.client_id,
                recovery_on=screen.collected_on if relapse else recovery.recovery_on,
                note="Use disclosed in session after the screen."
                if relapse
                else "Kept: result disputed, sent for lab confirmation.",
                prompted_by=screen,
                recorded_by=episode.primary_clinician,
                recorded_at=_at(screen.collected_on + timedelta(days=2)),
            )
        )


def _adherence(ctx, by_client, clinicians) -> None:
    rng, checks = ctx.rng, []
    for client_id, meds in by_client.items():
        for med in meds:
            if not med.is_mat or med.stop_date:
                continue
            for weeks_ago in range(rng.randint(0, 3)):
                day = ctx.today - timedelta(days=7 * weeks_ago + rng.randint(0, 6))
                if day < med.start_date:
                    continue
                injection = med.route in ("intramuscular", "subcutaneous")
                status = (
                    "dose_confirmed"
                    if injection or med.catalog_key == "methadone"
                    else rng.choice(["as_prescribed"] * 5 + ["missed_doses"])
                )
                source = (
                    "injection"
                    if injection
                    else (
                        "dispenser"
                        if med.catalog_key == "methadone"
                        else rng.choice(["client_report", "count"])
                    )
                )
                checks.append(
                    AdherenceCheck(
                        client_id=client_id,
                        medication=med,
                        checked_on=day,
                        status=status,
                        source=source,
                        recorded_by=clinicians[client_id],
                    )
                )
    AdherenceCheck.objects.bulk_create(checks, batch_size=2000)
