"""Re-planning with `previous`: a mid-week change moves few clients, not the whole program."""

from cairn.scheduling.solver import check, solve
from cairn.scheduling.solver.figures import changes
from cairn.scheduling.solver.generate import generate
from cairn.scheduling.solver.instance import load_instance
from cairn.scheduling.solver.sessions import parse_solution_sessions

from .factory import make_week

RUN = {"time_limit": 3, "workers": 2, "seed": 1}


def _changed(before: dict, after: dict, week: dict) -> int:
    known = load_instance(week).known
    old = parse_solution_sessions(before, "", known)
    new = parse_solution_sessions(after, "", known)
    return changes(list(old), list(new))[0]


def _midweek_change(week: dict) -> dict:
    """Three clients start day jobs: their morning groups are gone."""
    pinned = {c for p in week["pinned"] for c in p["clients"]}
    movers = [c for c in week["clients"] if c["id"] not in pinned][:3]
    for client in movers:
        mornings = {f"{day}-am" for day in ("mon", "tue", "wed", "thu", "fri")}
        client["unavailable"] = sorted(set(client["unavailable"]) | mornings)
    return week


def _without_preferences(week: dict) -> dict:
    """Preferences outrank stability; without them, changes lead stage 2 and can be judged."""
    for client in week["clients"]:
        client["preferred_slots"] = []
    return week


def test_it_changes_far_fewer_assignments_than_a_fresh_solve():
    week = _without_preferences(generate(clients=60, staff=10, seed=8))
    first = solve(week, **RUN)
    changed = _midweek_change(_without_preferences(generate(clients=60, staff=10, seed=8)))
    fresh = solve(changed, **{**RUN, "seed": 2})
    changed["previous"] = first
    replanned = solve(changed, **RUN)
    assert check(changed, replanned).ok
    assert replanned["objective"] <= fresh["objective"]
    moved = _changed(first, replanned, changed)
    assert moved == replanned["stats"]["changed_assignments"]
    assert moved * 5 < _changed(first, fresh, changed)


def test_it_keeps_a_still_valid_previous_schedule_unless_preferences_improve():
    # Preferences outrank stability in the contract: an old schedule may only be changed
    # when that places more sessions in preferred slots (or meets more requirements).
    week = generate(clients=40, staff=8, seed=9)
    first = solve(week, **RUN)
    week["previous"] = first
    again = solve(week, **RUN)
    assert again["objective"] <= first["objective"]
    if again["objective"] < first["objective"]:
        return  # stage 1 improved: anything may move
    before, after = first["stats"], again["stats"]
    assert after["outside_preferred_slots"] <= before["outside_preferred_slots"]
    if after["outside_preferred_slots"] == before["outside_preferred_slots"]:
        assert after["changed_assignments"] == 0


def test_it_keeps_an_optimal_previous_schedule_exactly():
    week = make_week()
    first = solve(week, **RUN)
    assert first["status"] == "optimal"
    week["previous"] = first
    again = solve(week, **RUN)
    assert again["stats"]["changed_assignments"] == 0
