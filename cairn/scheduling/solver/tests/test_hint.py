"""The greedy schedule is always a complete, feasible hint for the CP-SAT model (pitfall 1)."""

from ortools.sat.python import cp_model

from cairn.scheduling.solver import check
from cairn.scheduling.solver.generate import generate
from cairn.scheduling.solver.greedy import greedy_schedule
from cairn.scheduling.solver.hint import apply_hint, hint_values
from cairn.scheduling.solver.instance import load_instance
from cairn.scheduling.solver.objectives import add_objectives, evaluate, upper_bound
from cairn.scheduling.solver.prep import Prepared
from cairn.scheduling.solver.rules import build_model


def _hint_is_feasible(week: dict, sessions) -> bool:
    prep = Prepared(load_instance(week))
    sm = build_model(prep)
    add_objectives(sm)
    values = hint_values(sm, sessions)
    apply_hint(sm, values)
    sm.model.minimize(sm.objectives["unmet"])
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(sm.model)
    # The model's own accounting of the hint must match the sessions' recomputed figures.
    assert solver.objective_value == evaluate(sm.objectives["unmet"], values)
    return status == cp_model.OPTIMAL


def test_it_builds_a_greedy_schedule_that_passes_the_checker():
    week = generate(clients=120, staff=18, seed=4)
    sessions = greedy_schedule(Prepared(load_instance(week)))
    assert check(week, sessions).ok


def test_it_turns_the_greedy_schedule_into_a_feasible_full_hint():
    week = generate(clients=120, staff=18, seed=4)
    sessions = greedy_schedule(Prepared(load_instance(week)))
    assert _hint_is_feasible(week, sessions)


def test_it_turns_a_repaired_previous_schedule_into_a_feasible_hint():
    week = generate(clients=80, staff=12, seed=6)
    previous = greedy_schedule(Prepared(load_instance(week)))
    week["previous"] = {
        "format": "cairn-schedule-solution/1",
        "sessions": [s.to_dict() for s in previous],
    }
    for client in week["clients"][:10]:  # they start day jobs
        client["unavailable"] = sorted({*client["unavailable"], "mon-am", "tue-am", "wed-am"})
    instance = load_instance(week)
    repaired = greedy_schedule(Prepared(instance), instance.previous)
    assert check(week, repaired).ok
    assert _hint_is_feasible(week, repaired)


def test_it_reads_variable_domains_to_their_upper_end():
    # Regression: the proto's `domain[-1]` silently read 0, so lexicographic weights were
    # too small and the order of objectives could break.
    sm = build_model(Prepared(load_instance(generate(clients=10, staff=3, seed=1))))
    some = list(sm.attend.values())[:5]
    assert upper_bound(sm, cp_model.LinearExpr.sum(some) + 2) == 7
    assert upper_bound(sm, cp_model.LinearExpr.weighted_sum(some, [-1] * 5)) == 0
