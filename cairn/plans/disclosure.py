"""The ``treatment_plan`` record category of a Part 2 disclosure or record export
(``cairn.consents.categories``): "my treatment plan: problems, goals, objectives and services".

Only versions the clinician signed are records (drafts never leave the program); each is shown
as signed, with its status (waiting for the client's signature, active, replaced). A version is
in force from its plan date until the plan date of the next signed version of the same plan (or
the episode's discharge); it is included when that span meets the dates asked for.
Relapse-prevention plans are not part of this category (the consent form does not name them).

Six queries whatever the number of versions; the client was authorized by the door.
"""

from datetime import timedelta

from django.db.models import Prefetch

from cairn.consents.categories import Content, Entry, Section
from cairn.consents.providers.common import day, iso, local, ref
from cairn.plans.documents import problems_by_version, treatment_rows
from cairn.plans.models import ObjectiveProgress, TreatmentPlanVersion


def _signed_versions(client) -> list[TreatmentPlanVersion]:
    return list(
        TreatmentPlanVersion.objects.filter(plan__client=client, clinician_signed_at__isnull=False)
        .select_related("plan__episode", "clinician_signed_by")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ObjectiveProgress.objects.select_related("objective").order_by(
                    "objective_id"
                ),
                to_attr="rating_list",
            )
        )
        .order_by("plan_id", "number")
    )


def in_force(versions: list[TreatmentPlanVersion]) -> dict[int, tuple]:
    """{version id: (first day, last day or None)} for signed versions ordered by plan and
    number: each lasts until the day before the next one's plan date."""
    spans = {}
    for index, current in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        if following is not None and following.plan_id == current.plan_id:
            end = max(following.plan_date - timedelta(days=1), current.plan_date)
        else:
            end = current.plan.episode.discharged_on
        spans[current.pk] = (current.plan_date, end)
    return spans


def _facts(version: TreatmentPlanVersion, tz) -> list[tuple[str, str]]:
    facts = [
        ("Status", version.get_status_display()),
        (
            "Signed by",
            f"{version.clinician_signed_by.display_name}, "
            f"{local(version.clinician_signed_at, tz):%b %-d, %Y}",
        ),
        (
            "Client signed",
            f"{local(version.client_signed_at, tz):%b %-d, %Y}"
            if version.client_signed_at
            else "not yet",
        ),
    ]
    return facts


def _resource(version: TreatmentPlanVersion, problems, span) -> dict:
    goals = []
    for problem in problems:
        for goal in problem.goals.all():
            goals.append(
                {
                    "id": ref(goal),
                    "description": goal.statement,
                    "addresses": {
                        "problem": problem.title,
                        "statement": problem.statement or None,
                        "diagnoses": problem.diagnoses,
                        "asamDimensions": problem.asam_dimensions,
                    },
                    "objectives": [
                        {
                            "id": ref(o),
                            "text": o.text,
                            "measure": o.measure or None,
                            "targetDate": iso(o.target_date),
                            "metOn": iso(o.met_on),
                        }
                        for o in goal.objectives.all()
                    ],
                    "interventions": [
                        {
                            "id": ref(i),
                            "modality": i.modality,
                            "setting": i.setting,
                            "frequency": i.frequency,
                            "responsible": i.responsible.display_name,
                            "description": i.description or None,
                        }
                        for i in goal.interventions.all()
                    ],
                }
            )
    return {
        "resourceType": "CarePlan",
        "id": ref(version),
        "status": version.status,
        "version": version.number,
        "created": iso(version.plan_date),
        "period": {"start": iso(span[0]), "end": iso(span[1])},
        "episodeOfCare": f"clients.episode:{version.plan.episode_id}",
        "author": version.clinician_signed_by.display_name,
        "signedAt": version.clinician_signed_at.isoformat(),
        "clientSignedAt": version.client_signed_at.isoformat()
        if version.client_signed_at
        else None,
        "strengths": version.strengths or None,
        "dischargeCriteria": version.discharge_criteria or None,
        "reviewSummary": version.review_summary or None,
        "goal": goals,
    }


def treatment_plan(client, period) -> Content:
    tz = client.program.tz
    versions = _signed_versions(client)
    spans = in_force(versions)
    chosen = [v for v in versions if period.overlaps(*spans[v.pk])]
    problems = problems_by_version(chosen)
    content = Content(sections=[Section("Treatment plan")])
    for version in chosen:
        found = problems.get(version.pk, [])
        texts = [
            (row.label, row.text) for row in treatment_rows(version, found) if row.text.strip()
        ]
        content.sections[0].entries.append(
            Entry(
                f"Treatment plan version {version.number} — {day(version.plan_date)}",
                _facts(version, tz),
                texts,
            )
        )
        content.records.append(_resource(version, found, spans[version.pk]))
        content.references.append(ref(version))
    return content
