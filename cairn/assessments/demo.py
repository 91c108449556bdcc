"""Demo assessments: each client's questionnaires on the default schedule (intake, every two
weeks, PCL-5 monthly, discharge), with realistic trajectories — most improving, some flat, a few
worsening — a few safety alerts (PHQ-9 item 9 > 0, followed by a C-SSRS; some already answered,
some still open), some assessments left undone so they show as due or overdue, and a few
drafts. Scores come from ``scoring.score``; everything is bulk-inserted (10,000 clients in well
under a minute)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.urls import reverse

from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration, AssessmentSettings, SafetyResponse
from cairn.assessments.safety import KIND, alert_message, resolution_text
from cairn.assessments.scoring import is_critical, score
from cairn.core.demo import DemoContext
from cairn.worklist.models import Alert, Task

IMPROVING, FLAT, WORSENING = "improving", "flat", "worsening"
#: Trajectory shares (issue 8, point 8: most improving, some flat, a few worsening).
TRAJECTORIES = ((IMPROVING, 0.64), (FLAT, 0.24), (WORSENING, 0.12))
SAFETY_SHARE = 0.04
EVERY_14 = ("phq9", "gad7", "bam", "pacs")
INTAKE_ONLY = ("auditc", "dast10", "cssrs")
#: Typical intake severity (mean, spread) of the summed instruments in an IOP population.
INTAKE = {"phq9": (13, 5), "gad7": (11, 4), "pacs": (15, 6), "pcl5": (34, 14), "auditc": (6, 3)}


@dataclass
class _Client:
    client: object
    episode: object
    trajectory: str
    severity: dict
    safety_day: int | None = None


def _trajectory(rng) -> str:
    roll, total = rng.random(), 0.0
    for name, share in TRAJECTORIES:
        total += share
        if roll < total:
            return name
    return FLAT


def _target(person: _Client, code: str, day: int, rng) -> int:
    instrument = get_instrument(code)
    start = person.severity[code]
    progress = min(1.0, day / 35)  # most change comes in the first five weeks of an IOP
    if person.trajectory == IMPROVING:
        value = start * (1 - 0.65 * progress)
    elif person.trajectory == WORSENING:
        value = start + (instrument.total_max - start) * 0.5 * progress
    else:
        value = start
    value += rng.gauss(0, 1.5)
    return max(instrument.total_min, min(instrument.total_max, round(value)))


def _spread(code: str, total: int, rng, fixed: dict | None = None) -> dict:
    """Answers to a summed instrument adding up to ``total`` (fixed items kept)."""
    instrument = get_instrument(code)
    answers = {item.link_id: 0 for item in instrument.items}
    answers.update(fixed or {})
    free = [i.link_id for i in instrument.items if i.link_id not in (fixed or {})]
    caps = {i.link_id: max(i.allowed_values()) for i in instrument.items}
    remaining = total - sum(answers.values())
    while remaining > 0 and free:
        link_id = rng.choice(free)
        answers[link_id] += 1
        remaining -= 1
        if answers[link_id] >= caps[link_id]:
            free.remove(link_id)
    return answers


def _bam(person: _Client, day: int, rng) -> dict:
    instrument = get_instrument("bam")
    better = person.trajectory == IMPROVING and day >= 14
    worse = person.trajectory == WORSENING and day >= 14
    answers = {}
    for item in instrument.items:
        values = sorted(item.allowed_values())
        if item.link_id in ("4", "5", "6"):  # days of use
            use = 0.6 if day == 0 else (0.1 if better else 0.7 if worse else 0.35)
            answers[item.link_id] = values[rng.randint(1, 2)] if rng.random() < use else 0
        elif item.link_id in ("9", "10", "12", "13", "14", "16"):  # protective
            answers[item.link_id] = values[min(len(values) - 1, rng.randint(1, 3) + better)]
        else:
            answers[item.link_id] = values[max(0, rng.randint(0, 2) - better + worse)]
    return answers


def _answers(person: _Client, code: str, day: int, rng) -> dict:
    if code == "bam":
        return _bam(person, day, rng)
    if code == "dast10":
        yes = rng.random() < 0.7
        return {str(n): (n != 3) == (rng.random() < (0.55 if yes else 0.15)) for n in range(1, 11)}
    if code == "cssrs" and person.safety_day == day:
        if rng.random() < 0.25:  # a few screen high: thoughts with intent
            return {"1": True, "2": True, "3": True, "4": True, "5": False, "6": False}
        return {"1": True, "2": False, "6": False}
    if code == "cssrs":
        return {"1": False, "2": False, "6": False}
    if code == "phq9":
        item9 = 1 if person.safety_day == day else 0
        total = max(item9, _target(person, code, day, rng))
        return _spread(code, total, rng, {"9": item9})
    return _spread(code, _target(person, code, day, rng), rng)


def _moment(day: date, tz, rng) -> datetime:
    return datetime.combine(day, time(9 + rng.randint(0, 9), rng.randint(0, 59)), tzinfo=tz)


def _rounds(person: _Client, today: date, rng) -> list[tuple[int, str, str]]:
    """(day in the episode, instrument, occasion) for everything given in the episode."""
    episode = person.episode
    end = episode.discharged_on or today
    length = (end - episode.admitted_on).days
    found = [(0, code, "intake") for code in (*EVERY_14, "pcl5", *INTAKE_ONLY)]
    stop = length if episode.discharged_on else length + 1  # discharge has its own round
    for every, codes in ((14, EVERY_14), (30, ("pcl5",))):
        for day in range(every, stop, every):
            # Active clients: about one in five has the latest round still to do (due/overdue).
            recent = episode.discharged_on is None and length - day < 10
            if recent and day != person.safety_day and rng.random() < 0.2:
                continue
            found += [(day, code, "follow_up") for code in codes]
    if episode.discharged_on:
        found += [(length, code, "discharge") for code in EVERY_14]
    if person.safety_day is not None:
        found.append((person.safety_day, "cssrs", "safety"))
    if episode.discharged_on is None and rng.random() < 0.05:
        found = [r for r in found if r[1] != "pcl5" or r[0] > 0]  # intake PCL-5 not done
    return found


def _people(ctx: DemoContext) -> list[_Client]:
    rng, people = ctx.rng, []
    for client, episode in zip(ctx.data["clients"], ctx.data["episodes"], strict=True):
        severity = {
            code: max(0, round(rng.gauss(mean, spread))) for code, (mean, spread) in INTAKE.items()
        }
        person = _Client(client, episode, _trajectory(rng), severity)
        length = ((episode.discharged_on or ctx.today) - episode.admitted_on).days
        if length >= 15 and rng.random() < SAFETY_SHARE:
            person.safety_day = 14 * rng.randint(1, (length - 1) // 14)
        people.append(person)
    _make_sure_the_demo_clinician_has_a_safety_alert(ctx, people)
    return people


def _make_sure_the_demo_clinician_has_a_safety_alert(ctx: DemoContext, people) -> None:
    clinician = ctx.data["staff"]["clinician"]
    for person in people:
        episode = person.episode
        length = (ctx.today - episode.admitted_on).days
        mine = episode.primary_clinician_id == clinician.pk and not episode.discharged_on
        if mine and length >= 14 and length % 14 < 6:  # recent, so the alert is still open
            person.safety_day = 14 * (length // 14)
            return


def seed(ctx: DemoContext) -> None:
    program, rng = ctx.data["program"], ctx.rng
    on_call = ctx.data["staff"]["supervisor"]
    AssessmentSettings.objects.create(program=program, on_call_clinician=on_call)
    people = _people(ctx)
    rows, owners = [], []
    for person in people:
        episode = person.episode
        for day, code, occasion in sorted(_rounds(person, ctx.today, rng)):
            answers = _answers(person, code, day, rng)
            sex = person.client.sex_at_birth if person.client.sex_at_birth != "unknown" else None
            result = score(code, answers, sex=sex)
            when = _moment(episode.admitted_on + timedelta(days=day), program.tz, rng)
            clinician = episode.primary_clinician
            rows.append(
                Administration(
                    client=person.client,
                    program=program,
                    episode=episode,
                    instrument=code,
                    instrument_version=get_instrument(code).version,
                    occasion=occasion,
                    method="paper" if rng.random() < 0.1 else "staff",
                    status="submitted",
                    answers=answers,
                    total=result.total,
                    band=result.band,
                    flags=result.flags,
                    subscales=result.subscales,
                    critical=is_critical(result),
                    scored_with_sex=(sex or "") if code == "auditc" else "",
                    started_by=clinician,
                    started_at=when,
                    submitted_by=clinician,
                    submitted_at=when,
                    administered_at=when,
                )
            )
            owners.append(person)
    rows += _drafts(ctx, people)
    saved = Administration.objects.bulk_create(rows, batch_size=2000)
    alerts = _safety_alerts(ctx, [r for r in saved if r.critical], on_call)
    drafts = sum(1 for r in saved if r.status == "draft")
    ctx.say(
        f"Assessments: {len(saved) - drafts} scored, {drafts} drafts, "
        f"{alerts} safety alerts (on call: {on_call.display_name})"
    )


def _drafts(ctx: DemoContext, people) -> list[Administration]:
    """A few PHQ-9 drafts left half done (one on the demo clinician's caseload)."""
    drafts, demo_clinician, shown = [], ctx.data["staff"]["clinician"], False
    for person in people:
        owner = person.episode.primary_clinician
        if person.episode.discharged_on is not None:
            continue
        wanted = not shown and owner == demo_clinician
        if ctx.rng.random() > 0.03 and not wanted:
            continue
        shown = shown or owner == demo_clinician
        drafts.append(
            Administration(
                client=person.client,
                program=ctx.data["program"],
                episode=person.episode,
                instrument="phq9",
                instrument_version=get_instrument("phq9").version,
                occasion="follow_up",
                method="staff",
                status="draft",
                answers={"1": 1, "2": 2, "3": 1},
                started_by=owner,
                started_at=_moment(ctx.today, ctx.data["program"].tz, ctx.rng),
            )
        )
    return drafts


def _safety_alerts(ctx: DemoContext, critical: list[Administration], on_call) -> int:
    """An urgent alert and tasks for each flagged administration; those older than a week
    already have a documented response."""
    alerts, tasks, responses = [], [], []
    week_ago = ctx.today - timedelta(days=7)
    for row in critical:
        resolved = row.administered_at.date() < week_ago
        alert = Alert(
            client=row.client,
            program=row.program,
            kind=KIND,
            severity="urgent",
            message=alert_message(row),
            source=f"assessments.administration:{row.pk}",
            raised_at=row.administered_at,
        )
        alerts.append((alert, row, resolved))
    Alert.objects.bulk_create([a for a, _, _ in alerts])
    for alert, row, resolved in alerts:
        clinician = row.episode.primary_clinician
        response = None
        if resolved:
            response = SafetyResponse(
                alert=alert,
                client=row.client,
                administration=row,
                assessment="cssrs",
                assessment_detail="Passive ideation, no plan or intent; protective factors "
                "reviewed.",
                risk_level="low",
                plan="Safety plan reviewed and updated; crisis line numbers given; follow-up "
                "call in 48 hours.",
                people_told=f"Clinical supervisor ({on_call.display_name}) the same day.",
                responded_by=clinician,
                responded_at=row.administered_at + timedelta(hours=2),
            )
            responses.append(response)
            alert.resolved_at, alert.resolved_by = response.responded_at, clinician
            alert.resolution = resolution_text(response)
        for owner in {clinician, on_call}:
            tasks.append(
                Task(
                    program=row.program,
                    client=row.client,
                    owner=owner,
                    kind=KIND,
                    title=f"Urgent safety response — record # {row.client.mrn}",
                    detail=alert.message,
                    priority="urgent",
                    due_at=row.administered_at,
                    status="done" if resolved else "open",
                    source=alert.source,
                    url=reverse(
                        "assessments:safety_response",
                        kwargs={"client_id": row.client_id, "alert_id": alert.pk},
                    ),
                    created_at=row.administered_at,
                    completed_at=response.responded_at if response else None,
                    completed_by=clinician if response else None,
                )
            )
    Alert.objects.bulk_update(
        [a for a, _, resolved in alerts if resolved],
        ["resolved_at", "resolved_by", "resolution"],
        batch_size=1000,
    )
    SafetyResponse.objects.bulk_create(responses, batch_size=1000)
    Task.objects.bulk_create(tasks, batch_size=2000)
    return len(alerts)
