"""Demo inquiries at every status of the pipeline, with their history, screenings,
assessments and follow-ups (some overdue, so the board shows them standing out). The most
recent admissions are linked to the inquiries they came from. Bulk-inserted."""

from datetime import timedelta

from django.utils import timezone

from cairn.admissions import asam
from cairn.admissions.models import (
    FollowUp,
    Inquiry,
    InquiryEvent,
    LevelOfCareAssessment,
    Screening,
    Substance,
)
from cairn.admissions.pipeline import FOLLOW_UP_KIND
from cairn.admissions.screening import evaluate
from cairn.core.demo import DemoContext
from cairn.worklist.models import Task

S = Inquiry.Status
#: Path through the pipeline to reach each status.
PATHS = {
    S.NEW: [S.NEW],
    S.SCREENING: [S.NEW, S.SCREENING],
    S.ASSESSMENT_SCHEDULED: [S.NEW, S.SCREENING, S.ASSESSMENT_SCHEDULED],
    S.ASSESSED: [S.NEW, S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED],
    S.WAITLISTED: [S.NEW, S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.WAITLISTED],
    S.REFERRED: [S.NEW, S.SCREENING, S.REFERRED],
    S.CLOSED: [S.NEW, S.CLOSED],
    S.ADMITTED: [S.NEW, S.SCREENING, S.ASSESSMENT_SCHEDULED, S.ASSESSED, S.ADMITTED],
}
#: Inquiries per status for a 40-client demo; larger demos scale up (capped).
PER_STATUS = {
    S.NEW: 5,
    S.SCREENING: 4,
    S.ASSESSMENT_SCHEDULED: 4,
    S.ASSESSED: 3,
    S.WAITLISTED: 4,
    S.REFERRED: 3,
    S.CLOSED: 3,
}
FIRST = ["Avery", "Bryn", "Corey", "Dana", "Emery", "Finley", "Gray", "Hollis", "Ira", "Jules"]
LAST = ["Acosta", "Bishop", "Carver", "Delgado", "Easton", "Fontaine", "Gill", "Hart", "Iverson"]
CALLERS = [("", ""), ("", ""), ("Maria", "mother"), ("Dev", "partner"), ("Ms. Ocampo", "counselor")]
SOURCES = ["self", "family", "inpatient", "php", "court", "employer", "clinician", "other"]
ORGS = {
    "inpatient": "Mercy Hospital detox unit",
    "php": "Harborview PHP",
    "court": "Springfield drug court",
    "employer": "City transit EAP",
    "clinician": "Riverside Family Medicine",
}
FITS = {
    "stepping_down": True,
    "needs_structure": True,
    "safe_housing": True,
    "withdrawal_risk": False,
    "imminent_risk": False,
    "can_attend": True,
}
NARRATIVE = "Discussed at intake; see the interview notes for detail."


def seed(ctx: DemoContext) -> None:
    program, staff, rng = ctx.data["program"], ctx.data["staff"], ctx.rng
    now = timezone.now()
    scale = min(10, max(1, ctx.clients // 200))
    coordinators = [staff["intake"], staff["intake"], staff["clinician"], staff["supervisor"]]
    assessors = [staff["clinician"], staff["jkim"], staff["supervisor"]]
    plan = [status for status, n in PER_STATUS.items() for _ in range(n * scale)]
    admitted = _recent_admissions(ctx)
    plan += [S.ADMITTED] * len(admitted)
    inquiries = []
    for n, status in enumerate(plan):
        source = rng.choice(SOURCES)
        caller, relationship = rng.choice(CALLERS)
        received = now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
        episode = admitted[n - (len(plan) - len(admitted))] if status == S.ADMITTED else None
        client = episode.client if episode else None
        inquiries.append(
            Inquiry(
                program=program,
                status=status,
                received_at=received,
                status_changed_at=received + (now - received) * rng.uniform(0.3, 0.9),
                caller_name=caller,
                caller_relationship=relationship,
                first_name=client.first_name if client else rng.choice(FIRST),
                last_name=client.last_name if client else rng.choice(LAST),
                date_of_birth=client.date_of_birth if client else None,
                phone=f"(555) 04{n % 10}-{2000 + n:04d}",
                referral_source=source,
                referring_organization=ORGS.get(source, ""),
                substances=rng.sample(Substance.values, rng.randint(1, 2)),
                insurance_payer=rng.choice(["Aetna", "Medicaid", "Cigna", ""]),
                urgency=rng.choice(["routine", "routine", "soon", "urgent"]),
                coordinator=rng.choice(coordinators),
                assessment_at=now + timedelta(days=rng.randint(1, 6))
                if status == S.ASSESSMENT_SCHEDULED
                else None,
                assessor=rng.choice(assessors) if status != S.NEW else None,
                referred_to="Lakeview Recovery Center (residential)"
                if status == S.REFERRED
                else "",
                outcome_note={
                    S.CLOSED: "No answer after three calls.",
                    S.REFERRED: "Needs 24-hour care.",
                }.get(status, ""),
                client=client,
                episode=episode,
                created_by=staff["intake"],
            )
        )
    Inquiry.objects.bulk_create(inquiries, batch_size=1000)
    _history(ctx, inquiries)
    _follow_ups(ctx, inquiries, now)
    ctx.say(f"Admissions: {len(inquiries)} inquiries ({len(admitted)} admitted)")


def _recent_admissions(ctx: DemoContext) -> list:
    episodes = [e for e in ctx.data.get("episodes", []) if e.status == "active"]
    episodes.sort(key=lambda e: e.admitted_on, reverse=True)
    return episodes[: min(20, len(episodes))]


def _history(ctx: DemoContext, inquiries: list[Inquiry]) -> None:
    rng, staff, edition = ctx.rng, ctx.data["staff"], ctx.data["program"].asam_edition
    events, screenings, assessments = [], [], []
    for inquiry in inquiries:
        path = PATHS[inquiry.status]
        span = inquiry.status_changed_at - inquiry.received_at
        for step, status in enumerate(path):
            at = inquiry.received_at + span * (step / max(1, len(path) - 1))
            events.append(
                InquiryEvent(
                    inquiry=inquiry,
                    from_status=path[step - 1] if step else "",
                    to_status=status,
                    at=at,
                    by=staff["intake"],
                )
            )
        if S.SCREENING in path:
            answers = dict(FITS)
            if inquiry.status == S.REFERRED:
                answers["needs_structure"] = False
            outcome = evaluate(answers)
            screenings.append(
                Screening(
                    inquiry=inquiry,
                    screened_at=inquiry.received_at + span / 3,
                    screened_by=staff["intake"],
                    recommendation=outcome.recommendation,
                    reasons=outcome.reasons,
                    **answers,
                )
            )
        if S.ASSESSED in path:
            ratings = {n: rng.choice([1, 2, 2, 2]) for n in range(1, 7)}
            result = asam.recommend(edition, ratings)
            assessments.append(
                LevelOfCareAssessment(
                    inquiry=inquiry,
                    edition=edition,
                    assessed_on=(inquiry.received_at + span * 0.75).date(),
                    assessed_by=inquiry.assessor or staff["clinician"],
                    recommended_level=result.level,
                    derivation=result.rows,
                    decided_level=result.level,
                    **{f"d{n}_rating": ratings[n] for n in ratings},
                    **{f"d{n}_narrative": NARRATIVE for n in ratings},
                )
            )
    InquiryEvent.objects.bulk_create(events, batch_size=1000)
    Screening.objects.bulk_create(screenings, batch_size=1000)
    LevelOfCareAssessment.objects.bulk_create(assessments, batch_size=1000)


def _follow_ups(ctx: DemoContext, inquiries: list[Inquiry], now) -> None:
    """One open follow-up per open inquiry; about a third overdue."""
    rng, program, tasks, links = ctx.rng, ctx.data["program"], [], []
    for inquiry in inquiries:
        if inquiry.status not in (S.NEW, S.SCREENING, S.ASSESSED, S.WAITLISTED):
            continue
        overdue = rng.random() < 0.35
        title = {
            S.NEW: "Call back",
            S.SCREENING: "Offer an assessment time",
            S.ASSESSED: "Confirm the start date",
            S.WAITLISTED: "Check in: still waiting?",
        }[inquiry.status]
        task = Task(
            program=program,
            owner=inquiry.coordinator,
            kind=FOLLOW_UP_KIND,
            title=f"{title} — {inquiry.display_name}",
            due_at=now - timedelta(hours=rng.randint(2, 72))
            if overdue
            else now + timedelta(hours=rng.randint(2, 72)),
            priority="urgent" if inquiry.urgency == "urgent" else "normal",
            source=f"inquiry:{inquiry.pk}:1",
            url=f"/admissions/inquiries/{inquiry.pk}/",
        )
        tasks.append(task)
        links.append((inquiry, task))
    Task.objects.bulk_create(tasks, batch_size=1000)
    FollowUp.objects.bulk_create(
        (FollowUp(inquiry=inquiry, task=task) for inquiry, task in links), batch_size=1000
    )
