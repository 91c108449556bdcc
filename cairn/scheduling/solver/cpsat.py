"""One CP-SAT solve of one objective, with the timings the benchmark reports."""

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .hint import apply_hint
from .model import ScheduleModel
from .objectives import Stage, evaluate

# The default two-worker portfolio keeps Boolean constraints (at-most-one per time) out of
# its LP, so its bound stays 0 and it cannot prove a schedule optimal. "max_lp" puts them in.
# Only one full solver: the other threads run the large-neighbourhood search, which is what
# improves preferences and changes (two full solvers left LNS no thread at all).
FEW_WORKER_SUBSOLVERS = ("max_lp",)
STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


@dataclass
class StageResult:
    name: str
    status: str
    objective: int | None = None
    bound: int | None = None
    seconds: float = 0.0
    deterministic_seconds: float = 0.0
    parts: dict[str, int] | None = None  # a lexicographic stage's terms, in priority order
    lead_bound: int | None = None  # proven bound on the first (highest-priority) part
    first_solution_at: float | None = None  # seconds since the whole solve started
    best_solution_at: float | None = None
    values: list[int] | None = field(default=None, repr=False)

    @property
    def gap(self) -> float | None:
        """Relative gap to the proven bound (0.0 when proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == self.bound:
            return 0.0
        return (self.objective - self.bound) / max(abs(self.objective), 1)

    def report(self) -> dict:
        out = {
            "stage": self.name,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": None if self.gap is None else round(self.gap, 4),
            "seconds": round(self.seconds, 3),
            "first_solution_at": _round(self.first_solution_at),
            "best_solution_at": _round(self.best_solution_at),
        }
        if self.parts is not None:
            out["parts"] = self.parts
            out["lead_bound"] = self.lead_bound
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records when each improving solution arrived (relative to the whole solve's start)."""

    def __init__(self, started: float):
        super().__init__()
        self.started = started
        self.found: list[tuple[float, float]] = []

    def on_solution_callback(self) -> None:
        self.found.append((time.monotonic() - self.started, self.objective_value))


@dataclass(frozen=True)
class Settings:
    """How to run CP-SAT.

    With `deterministic`, time limits are CP-SAT's deterministic time (a work count) and the
    workers interleave their search in fixed batches, so a fixed seed and worker count give
    the same schedule on every run; wall-clock limits cannot promise that.
    """

    workers: int
    seed: int
    started: float  # time.monotonic() when the whole solve began
    deterministic: bool = False
    log: bool = False


def run_stage(
    sm: ScheduleModel, stage: Stage, hint: list[int] | None, seconds: float, settings: Settings
) -> StageResult:
    """Minimize the stage's expression from `hint` for at most `seconds`."""
    sm.model.minimize(stage.expr)
    if hint is not None:
        apply_hint(sm, hint)
    solver = cp_model.CpSolver()
    params = solver.parameters
    if settings.deterministic:
        params.max_deterministic_time = max(0.1, seconds)
        params.interleave_search = settings.workers > 1
    else:
        params.max_time_in_seconds = max(0.1, seconds)
    params.num_workers = settings.workers
    params.random_seed = settings.seed
    params.log_search_progress = settings.log
    if settings.workers <= 4:
        params.subsolvers.extend(FEW_WORKER_SUBSOLVERS)
    if stage.light_presolve:
        params.max_presolve_iterations = 1
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
    progress = _Progress(settings.started)
    began = time.monotonic()
    code = solver.solve(sm.model, progress)
    result = StageResult(stage.name, STATUS.get(code, "unknown"), seconds=time.monotonic() - began)
    result.deterministic_seconds = solver.deterministic_time
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.objective = round(solver.objective_value) // stage.scale
        result.bound = round(solver.best_objective_bound) // stage.scale
        result.values = list(solver.response_proto.solution)
        if result.objective == result.bound:  # the stage's own value is proven (ties may not be)
            result.status = "optimal"
        if stage.parts:
            result.parts = {name: evaluate(term, result.values) for name, term, _ in stage.parts}
            result.lead_bound = result.bound // stage.parts[0][2]
        _timings(result, progress, time.monotonic() - settings.started, stage.scale)
    return result


def _timings(result: StageResult, progress: _Progress, now: float, scale: int) -> None:
    if not progress.found:  # solved in presolve: no callback ran
        result.first_solution_at = result.best_solution_at = now
        return
    result.first_solution_at = progress.found[0][0]
    result.best_solution_at = next(
        (t for t, value in progress.found if round(value) // scale <= result.objective), now
    )
