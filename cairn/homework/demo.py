"""Demo homework (issue 11, point 4): about 60% of clients in care have worksheets from their
primary clinician — the oldest reviewed with a comment, then submitted (waiting for review),
the newest still to do, some with a draft. Deterministic (``ctx.rng``), bulk inserts. The
portal's demo login ``client`` gets one of each state (and due questionnaires from the
assessments demo), so every portal page has something to show."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.accounts.models import User
from cairn.core.demo import DemoContext
from cairn.homework.models import Assignment
from cairn.homework.operations import REVIEW_DAYS, TASK_KIND
from cairn.worklist.models import Task

SAMPLES = {
    "thought_record": {
        "situation": "My boss criticised my report in front of the team.",
        "thoughts": "I'm useless and everyone knows it.",
        "emotions": "Shame, anger",
        "intensity_before": 8,
        "evidence_against": "Last month she praised my work on the budget.",
        "balanced": "One report needs work; it doesn't make me useless.",
        "intensity_after": 4,
    },
    "diary_card": {
        "week": {
            "mon": {"urge": 3, "used": False, "emotion": 3, "skills": True, "note": "TIPP"},
            "tue": {"urge": 2, "used": False, "emotion": 2, "skills": True, "note": "Walk"},
            "wed": {
                "urge": 4,
                "used": False,
                "emotion": 4,
                "skills": True,
                "note": "Called sponsor",
            },
            "thu": {"urge": 1, "used": False, "emotion": 1, "skills": False},
            "fri": {
                "urge": 3,
                "used": False,
                "emotion": 3,
                "skills": True,
                "note": "Opposite action",
            },
        },
        "reflection": "Wednesday was hard; calling my sponsor helped.",
    },
    "trigger_log": {
        "when": "Friday, 6 pm",
        "trigger": "Drove past the bar where I used to go after work.",
        "craving": 7,
        "coping": "Kept driving, called my sister, went to a meeting.",
        "outcome": "The craving passed in about twenty minutes.",
        "next_time": "Take the other road home on Fridays.",
    },
    "decisional_balance": {
        "pros_using": "It calms me down fast. I fit in with old friends.",
        "cons_using": "Lost my licence. My kids don't trust me.",
        "pros_change": "Better sleep, more money, my kids visit.",
        "cons_change": "Evenings feel long and boring.",
        "readiness": 7,
    },
    "gratitude": {
        "grateful_1": "My daughter called me",
        "grateful_2": "Thirty days sober",
        "went_well": "I cooked dinner for my mom.",
        "learned": "I can sit with a craving without acting on it.",
    },
}
COMMENTS = [
    "Thank you for doing this. Let's talk about that moment on Wednesday.",
    "Great noticing. Bring this to group on Thursday.",
    "You caught the thought and answered it — that's the skill.",
    "Well done. Let's add the other road home to your relapse-prevention plan.",
]
SHARE = 0.6


def _moment(day, tz, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)), tz)


def _rows(ctx, client, episode, clinician, states) -> list[Assignment]:
    tz, rng, rows = ctx.data["program"].tz, ctx.rng, []
    codes = list(SAMPLES)
    for age, state in states:
        code = rng.choice(codes)
        assigned = ctx.today - timedelta(days=age)
        row = Assignment(
            client=client,
            program_id=client.program_id,
            episode=episode,
            worksheet=code,
            instructions="" if rng.random() < 0.5 else "Try to do this before our next session.",
            due_on=assigned + timedelta(days=7),
            assigned_by=clinician,
            assigned_at=_moment(assigned, tz, 11),
            status=state,
        )
        if state != Assignment.Status.ASSIGNED or rng.random() < 0.3:
            row.answers = dict(SAMPLES[code])
            row.saved_at = _moment(assigned + timedelta(days=2), tz, 20)
        if state != Assignment.Status.ASSIGNED:
            row.submitted_at = row.saved_at
        if state == Assignment.Status.REVIEWED:
            row.reviewed_by, row.review_comment = clinician, rng.choice(COMMENTS)
            row.reviewed_at = _moment(assigned + timedelta(days=4), tz, 10)
        rows.append(row)
    return rows


def _portal_client_id() -> int | None:
    """The client behind the portal's demo login (``client``, made by the portal's demo)."""
    return (
        User.objects.filter(username="client", kind=User.Kind.CLIENT)
        .values_list("client_id", flat=True)
        .first()
    )


def seed(ctx: DemoContext) -> None:
    rows = []
    portal_client = _portal_client_id()
    for client, episode in zip(ctx.data["clients"], ctx.data["episodes"], strict=True):
        if episode.discharged_on or not episode.primary_clinician_id:
            continue
        length = (ctx.today - episode.admitted_on).days
        if client.pk == portal_client:
            states = [(min(length, 10), "reviewed"), (min(length, 4), "submitted"), (0, "assigned")]
        elif ctx.rng.random() < SHARE and length >= 7:
            states = [(min(length, 14), "reviewed"), (min(length, 6), "submitted")]
            states += [(min(length, 2), "assigned")] if ctx.rng.random() < 0.7 else []
        else:
            continue
        rows += _rows(ctx, client, episode, episode.primary_clinician, states)
    Assignment.objects.bulk_create(rows, batch_size=2000)
    Task.objects.bulk_create(_review_tasks(rows), batch_size=2000)
    counts = {s: sum(1 for r in rows if r.status == s) for s in Assignment.Status.values}
    ctx.say(
        f"Homework: {len(rows)} worksheets ({counts['reviewed']} reviewed, "
        f"{counts['submitted']} waiting for review, {counts['assigned']} to do)"
    )


def _review_tasks(rows) -> list[Task]:
    """What ``operations.submit_homework`` raises: a review task for the assigning clinician."""
    return [
        Task(
            program_id=row.program_id,
            owner=row.assigned_by,
            client=row.client,
            kind=TASK_KIND,
            title=f"Review homework: {row.definition.title}",
            due_at=row.submitted_at + timedelta(days=REVIEW_DAYS),
            source=f"homework:{row.pk}",
            url=reverse("homework:detail", args=[row.pk]),
            created_at=row.submitted_at,
        )
        for row in rows
        if row.status == Assignment.Status.SUBMITTED
    ]
