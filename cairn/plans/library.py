"""The starting library (DESIGN.md principle 3: rules as data clinicians will change): common
problems with a goal, objectives and interventions, the coping skills taught in groups, and the
crisis lines of the red zone. Read once, checked on load; a bad file fails loudly, naming the
entry."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LIBRARY_DIR = Path(__file__).parent / "library"

MODALITIES = {
    "cbt": "Cognitive behavioral therapy (CBT)",
    "dbt": "Dialectical behavior therapy (DBT)",
    "mi": "Motivational interviewing (MI)",
    "trauma_informed": "Trauma-informed therapy",
    "relapse_prevention": "Relapse-prevention therapy",
    "family": "Family therapy",
    "holistic": "Holistic (mindfulness, yoga, art, music, nutrition)",
    "medication_management": "Medication management",
    "case_management": "Case management",
    "other": "Other",
}
SETTINGS = {"individual": "Individual", "group": "Group", "family": "Family"}


class LibraryError(ValueError):
    pass


@dataclass(frozen=True)
class LibraryObjective:
    text: str
    measure: str
    target_days: int


@dataclass(frozen=True)
class LibraryIntervention:
    modality: str
    setting: str
    frequency: str
    description: str


@dataclass(frozen=True)
class LibraryProblem:
    code: str
    category: str
    title: str
    statement: str
    asam_dimensions: tuple[int, ...]
    goal: str
    objectives: tuple[LibraryObjective, ...]
    interventions: tuple[LibraryIntervention, ...]
    #: ICD-10-CM code prefixes: adding the problem links the chart's matching diagnoses.
    diagnosis_codes: tuple[str, ...] = ()
    #: Assessment instrument codes whose scores relate to the problem's objectives.
    instruments: tuple[str, ...] = ()

    def matches_diagnosis(self, code: str) -> bool:
        return any(code.upper().startswith(prefix.upper()) for prefix in self.diagnosis_codes)


@dataclass(frozen=True)
class Skill:
    code: str
    name: str
    hint: str


@dataclass(frozen=True)
class CrisisLine:
    code: str
    name: str
    phone: str
    required: bool


def _read(name: str) -> dict:
    return json.loads((LIBRARY_DIR / name).read_text(encoding="utf-8"))


def _codes(entry: dict, name: str) -> tuple[str, ...]:
    codes = entry.get(name, [])
    if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
        raise LibraryError(f"{name} is a list of codes")
    return tuple(codes)


def _problem(entry: dict) -> LibraryProblem:
    code = entry.get("code", "?")
    try:
        dims = tuple(entry["asam_dimensions"])
        if any(d not in range(1, 7) for d in dims):
            raise LibraryError("ASAM dimensions are 1 to 6")
        objectives = tuple(LibraryObjective(**o) for o in entry["objectives"])
        if not objectives or any(o.target_days < 1 for o in objectives):
            raise LibraryError("needs objectives with target_days of at least 1")
        interventions = tuple(LibraryIntervention(**i) for i in entry["interventions"])
        for item in interventions:
            if item.modality not in MODALITIES or item.setting not in SETTINGS:
                raise LibraryError(f"unknown modality or setting {item.modality}/{item.setting}")
        return LibraryProblem(
            code=code,
            category=entry["category"],
            title=entry["title"],
            statement=entry["statement"],
            asam_dimensions=dims,
            goal=entry["goal"],
            objectives=objectives,
            interventions=interventions,
            diagnosis_codes=_codes(entry, "diagnosis_codes"),
            instruments=_codes(entry, "instruments"),
        )
    except (KeyError, TypeError, LibraryError) as error:
        raise LibraryError(f"problems.json, problem {code!r}: {error}") from error


@cache
def problems() -> dict[str, LibraryProblem]:
    entries = [_problem(entry) for entry in _read("problems.json")["problems"]]
    by_code = {p.code: p for p in entries}
    if len(by_code) != len(entries):
        raise LibraryError("problems.json: problem codes must be unique")
    return by_code


@cache
def skills() -> dict[str, Skill]:
    return {s["code"]: Skill(**s) for s in _read("skills.json")["skills"]}


@cache
def crisis_lines() -> tuple[CrisisLine, ...]:
    lines = tuple(CrisisLine(**line) for line in _read("crisis_lines.json")["lines"])
    if not any(line.phone == "988" and line.required for line in lines):
        raise LibraryError("crisis_lines.json: 988 must be listed and required")
    return lines


def problem_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Library problems grouped by category, for a <select> with option groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for problem in problems().values():
        groups.setdefault(problem.category, []).append((problem.code, problem.title))
    return list(groups.items())
