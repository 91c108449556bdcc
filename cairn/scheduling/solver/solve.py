"""The solve: greedy baseline, a one-to-one bound, then CP-SAT stage by stage.

Stage 1 minimizes the weighted unmet shortfall. Its hard part is proving that some one-to-one
sessions cannot be placed (a clinician's few shared hours), so a small model with only the
one-to-one sessions is solved first: its optimum is a valid lower bound for the full model
(a relaxation), and its placement seeds the greedy hint. When that hint already reaches the
bound, stage 1 is proven optimal without touching the big model. Later stages each fix the
previous stage's value and optimize the next objective (objectives.py has the order).
"""

import time

from ortools.sat.python import cp_model

from .capacity import CapacityReport, check_capacity
from .check import check_sessions
from .cpsat import Settings, StageResult, run_stage
from .decode import decode
from .figures import summary, unmet_score
from .greedy import greedy_schedule
from .hint import hint_values
from .instance import Instance, load_instance
from .model import ONE_TO_ONE, ScheduleModel
from .objectives import Stage, add_objectives, changes_expr, evaluate, with_tie_break
from .prep import Prepared
from .rules import build_model
from .sessions import SOLUTION_FORMAT, Session

DEFAULT_TIME_LIMIT = 60.0
DEFAULT_WORKERS = 2


def solve(
    instance: object,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    seed: int = 1,
    deterministic: bool = False,
    log: bool = False,
) -> dict:
    """Solve an instance document (or Instance) and return a solution document.

    Raises InstanceError on a malformed instance. The result always passes `check` unless its
    status is `infeasible` (then it lists the broken pinned sessions under `reasons`). The
    greedy schedule is ready before any CP-SAT run, so `unknown` is never returned.
    `deterministic=True` reads `time_limit` as CP-SAT deterministic time and makes the result
    repeatable for a fixed seed and worker count (cpsat.Settings explains).
    """
    started = time.monotonic()
    if not isinstance(instance, Instance):
        instance = load_instance(instance)
    settings = Settings(max(1, workers), seed, started, deterministic=deterministic, log=log)
    return _Run(instance, time_limit, settings).solve()


class _Run:
    def __init__(self, instance: Instance, time_limit: float, settings: Settings):
        self.instance = instance
        self.prep = Prepared(instance)
        self.settings = settings
        self.time_limit = time_limit
        self.stages: list[StageResult] = []
        self.capacity = CapacityReport()
        self.baseline: dict | None = None

    def left(self) -> float:
        """Budget left: wall-clock seconds, or deterministic seconds spent by CP-SAT so far."""
        if self.settings.deterministic:
            spent = sum(s.deterministic_seconds for s in self.stages)
        else:
            spent = time.monotonic() - self.settings.started
        return max(0.0, self.time_limit - spent)

    def solve(self) -> dict:
        pinned = check_sessions(self.instance, list(self.instance.pinned))
        if pinned.violations:
            return self._document("infeasible", [], reasons=[str(v) for v in pinned.violations])
        self.capacity = check_capacity(self.prep)
        baseline = greedy_schedule(self.prep, self.instance.previous or ())
        self.baseline = {
            "seconds": round(time.monotonic() - self.settings.started, 3),
            "objective": unmet_score(self.instance, baseline),
            "unmet": len(check_sessions(self.instance, baseline).unmet),
        }
        lower, one_to_one = self._one_to_one_bound(baseline)
        start = one_to_one + [s for s in self.instance.previous or () if s.kind == "group"]
        seeded = greedy_schedule(self.prep, start)
        best = min((seeded, baseline), key=lambda s: unmet_score(self.instance, s))
        sm = build_model(self.prep)
        stages = add_objectives(sm)
        _add_one_to_one_cut(sm, lower)
        values = self._stages(sm, stages, hint_values(sm, best), lower)
        sessions = decode(sm, values) if values is not None else best
        return self._finish(sessions, best)

    def _one_to_one_bound(self, baseline: list[Session]) -> tuple[int, list[Session]]:
        """Solve the one-to-one relaxation; return its proven bound and its sessions.

        With `previous`, changes break ties, so the sessions that seed the hint stay put.
        """
        sub = build_model(self.prep, groups=False)
        changes = changes_expr(sub) if self.instance.previous is not None else None
        stage = with_tie_break(sub, "one_to_one", _one_to_one_shortfall(sub), changes)
        hint = hint_values(sub, [s for s in baseline if s.kind != "group"])
        result = run_stage(sub, stage, hint, self.left() * 0.25, self.settings)
        self.stages.append(result)
        if result.values is None:
            return 0, []
        sessions = [s for s in decode(sub, result.values) if s not in self.instance.pinned]
        return max(0, result.bound), sessions

    def _stages(self, sm: ScheduleModel, stages: list[Stage], hint: list[int], lower: int):
        """Run each stage in order, fixing the ones before; return the best values.

        Each stage starts from the best known solution that meets the fixed values: with
        `previous`, the old schedule itself may beat the stage-1 solution on stage 2.
        """
        known, fixed = [hint], []
        for index, stage in enumerate(stages):
            start = min(
                (v for v in known if all(evaluate(e, v) <= b for e, b in fixed)),
                key=lambda v, stage=stage: evaluate(stage.expr, v),
            )
            if index == 0 and evaluate(stage.value, hint) <= lower:
                result = self._proven_by_bound(stage.name, lower, hint)
            else:
                share = self.left() * (0.6 if index < len(stages) - 1 else 1.0)
                result = run_stage(sm, stage, start, share, self.settings)
                if index == 0 and result.bound is not None:
                    result.bound = max(result.bound, lower)
            self.stages.append(result)
            best = start if result.values is None else result.values
            known.append(best)
            fixed.append((stage.value, evaluate(stage.value, best)))
            sm.model.add(stage.value <= fixed[-1][1])
        return known[-1]

    def _proven_by_bound(self, name: str, lower: int, hint: list[int]) -> StageResult:
        now = time.monotonic() - self.settings.started
        return StageResult(
            name, "optimal", lower, lower, first_solution_at=now, best_solution_at=now, values=hint
        )

    def _finish(self, sessions: list[Session], fallback: list[Session]) -> dict:
        report = check_sessions(self.instance, sessions)
        warnings, proven = [], all(s.status == "optimal" for s in self.stages)
        if not report.ok:  # a bug: never hand out an invalid schedule
            warnings.append("the optimized schedule failed the check; the greedy one is returned")
            sessions, proven = fallback, False
            report = check_sessions(self.instance, sessions)
        for entry in report.unmet:
            reason = self.capacity.explain(entry)
            if reason:
                entry["reason"] = reason
        warnings = self.capacity.messages + warnings
        return self._document(
            "optimal" if proven else "feasible", sessions, unmet=report.unmet, warnings=warnings
        )

    def _document(self, status: str, sessions, *, unmet=(), reasons=(), warnings=()) -> dict:
        first = next((s for s in self.stages if s.name == "unmet"), None)
        out = {
            "format": SOLUTION_FORMAT,
            "status": status,
            "sessions": [s.to_dict() for s in sessions],
            "unmet": list(unmet),
            "objective": None if status == "infeasible" else unmet_score(self.instance, sessions),
            "bound": first.bound if first else None,
            "solve_seconds": round(time.monotonic() - self.settings.started, 3),
            "stages": [s.report() for s in self.stages],
            "stats": summary(self.instance, sessions),
        }
        if self.baseline:
            out["stats"]["greedy"] = self.baseline
        if reasons:
            out["reasons"] = list(reasons)
        if warnings:
            out["warnings"] = list(warnings)
        return out


def _one_to_one_shortfall(sm: ScheduleModel):
    terms = [s for s in sm.shortfalls if s.requirement in ONE_TO_ONE]
    return cp_model.LinearExpr.weighted_sum([s.var for s in terms], [s.weight for s in terms])


def _add_one_to_one_cut(sm: ScheduleModel, lower: int) -> None:
    """The relaxation's optimum is a lower bound on the full model's one-to-one shortfall."""
    if lower > 0:
        sm.model.add(_one_to_one_shortfall(sm) >= lower)
