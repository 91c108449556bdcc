"""A version's content as plain data: loaded once for pages and print views, serialized for the
signature hash, and flattened into rows for the version comparison (``diff.py``)."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Prefetch

from cairn.plans.library import skills
from cairn.plans.models import (
    Goal,
    Intervention,
    Objective,
    ObjectiveProgress,
    Problem,
    RelapsePreventionVersion,
    TreatmentPlanVersion,
)
from cairn.plans.models.relapse import TEXT_SECTIONS


def load_problems(version: TreatmentPlanVersion) -> list[Problem]:
    """The version's problems → goals → objectives and interventions, in four queries."""
    return problems_by_version([version]).get(version.pk, [])


def problems_by_version(versions) -> dict[int, list[Problem]]:
    """The problems (with goals, objectives and interventions) of several versions, by version
    id — four queries however many versions."""
    goals = Goal.objects.order_by("position", "id").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("position", "id")),
        Prefetch(
            "interventions",
            queryset=Intervention.objects.select_related("responsible").order_by("position", "id"),
        ),
    )
    found: dict[int, list[Problem]] = {}
    for problem in (
        Problem.objects.filter(version__in=[v.pk for v in versions])
        .order_by("position", "id")
        .prefetch_related(Prefetch("goals", queryset=goals))
    ):
        found.setdefault(problem.version_id, []).append(problem)
    return found


@dataclass(frozen=True)
class Row:
    """One line of a version, for comparing versions. ``key`` matches the same item across
    versions; ``pairable`` rows (list entries of the relapse-prevention plan) may be shown as
    edited when one replaces another at the same place."""

    key: str
    depth: int
    label: str
    text: str
    pairable: bool = False


def _dims(problem: Problem) -> str:
    return ", ".join(str(d) for d in sorted(problem.asam_dimensions))


def _problem_text(problem: Problem) -> str:
    parts = [problem.title]
    if problem.statement:
        parts.append(problem.statement)
    if problem.diagnoses:
        codes = "; ".join(f"{d['code']} {d['description']}" for d in problem.diagnoses)
        parts.append(f"Diagnoses: {codes}")
    if problem.asam_dimensions:
        parts.append(f"ASAM dimensions: {_dims(problem)}")
    return " — ".join(parts)


def _objective_text(objective: Objective) -> str:
    text = objective.text
    if objective.measure:
        text += f" (measure: {objective.measure})"
    text += f" — target {objective.target_date:%b %-d, %Y}"
    if objective.met_on:
        text += f" — met {objective.met_on:%b %-d, %Y}"
    return text


def _intervention_text(item: Intervention) -> str:
    text = (
        f"{item.get_modality_display()}, {item.get_setting_display().lower()}, "
        f"{item.frequency} — {item.responsible.display_name}"
    )
    return f"{text}: {item.description}" if item.description else text


def _rating_text(rating: ObjectiveProgress) -> str:
    text = f"{rating.objective.text} — {rating.get_rating_display()}"
    return f"{text}: {rating.comment}" if rating.comment else text


def _ratings(version) -> list:
    """The review's ratings, in the order of the objectives rated."""
    attached = getattr(version, "rating_list", None)
    if attached is not None:
        return sorted(attached, key=lambda r: r.objective.pk)
    return list(
        ObjectiveProgress.objects.filter(version=version)
        .select_related("objective")
        .order_by("objective_id")
    )


def _children(obj, name: str) -> list:
    """An item's children: a list the caller attached (``<name>_list``, e.g. the demo seeding
    in memory), else the related manager (prefetched by ``load_problems``)."""
    attached = getattr(obj, f"{name}_list", None)
    return attached if attached is not None else list(getattr(obj, name).all())


def treatment_rows(version: TreatmentPlanVersion, problems: list | None = None) -> list[Row]:
    problems = load_problems(version) if problems is None else problems
    rows = [
        Row("strengths", 0, "Strengths and supports", version.strengths),
        Row("discharge", 0, "Ready to step down when", version.discharge_criteria),
    ]
    if version.review_of_id or version.review_summary:
        rows.append(Row("review", 0, "Review summary", version.review_summary))
        rows.extend(
            Row(f"r:{rating.objective.key}", 1, "Progress", _rating_text(rating))
            for rating in _ratings(version)
        )
    for problem in problems:
        rows.append(Row(f"p:{problem.key}", 0, "Problem", _problem_text(problem)))
        for goal in _children(problem, "goals"):
            rows.append(Row(f"g:{goal.key}", 1, "Goal", goal.statement))
            rows.extend(
                Row(f"o:{o.key}", 2, "Objective", _objective_text(o))
                for o in _children(goal, "objectives")
            )
            rows.extend(
                Row(f"i:{i.key}", 2, "Intervention", _intervention_text(i))
                for i in _children(goal, "interventions")
            )
    return rows


def support_text(person: dict) -> str:
    parts = [person.get("name", ""), person.get("relationship", ""), person.get("phone", "")]
    return " · ".join(p for p in parts if p)


SECTION_ORDER = [
    "triggers_people",
    "triggers_places",
    "triggers_feelings",
    "triggers_times",
    "warning_signs",
    "coping_skills",
    "coping_other",
    "supports",
    "reasons",
    "green_habits",
    "yellow_actions",
    "yellow_calls",
    "red_steps",
    "crisis_lines",
]


def relapse_sections(version: RelapsePreventionVersion) -> list[tuple[str, str, list[str]]]:
    """(field, heading, entries) for every section, in reading order."""
    known = skills()
    derived = {
        "coping_skills": (
            "Coping skills that work for me",
            [known[c].name if c in known else c for c in version.coping_skills],
        ),
        "supports": ("My sober support network", [support_text(p) for p in version.supports]),
        "crisis_lines": (
            "Crisis lines",
            [f"{c['name']}: {c['phone']}" for c in version.crisis_lines],
        ),
    }
    sections = []
    for name in SECTION_ORDER:
        heading, entries = derived.get(name) or (TEXT_SECTIONS[name], list(getattr(version, name)))
        sections.append((name, heading, entries))
    return sections


def relapse_rows(version: RelapsePreventionVersion) -> list[Row]:
    rows = []
    for name, heading, entries in relapse_sections(version):
        rows.append(Row(name, 0, heading, ""))
        rows.extend(Row(f"{name}:{entry}", 1, "", entry, pairable=True) for entry in entries)
    return rows


def content_hash(rows: list[Row], plan_date) -> str:
    """SHA-256 over the content as signed: any later change (even outside the application)
    no longer matches the stored hash."""
    payload = json.dumps(
        {"plan_date": plan_date.isoformat(), "rows": [[r.key, r.label, r.text] for r in rows]},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rows_for(version) -> list[Row]:
    if isinstance(version, TreatmentPlanVersion):
        return treatment_rows(version)
    return relapse_rows(version)
