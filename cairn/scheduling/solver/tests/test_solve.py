"""End-to-end solves of small weeks: validity, pinned sessions, keep-apart, unmet reasons."""

from cairn.scheduling.solver import check, solve
from cairn.scheduling.solver.figures import unmet_score
from cairn.scheduling.solver.generate import generate
from cairn.scheduling.solver.instance import load_instance
from cairn.scheduling.solver.sessions import Session

from .factory import group, make_week, one_to_one

FAST = {"time_limit": 10, "workers": 2, "seed": 1}  # small weeks finish (proven) well before
SHORT = {"time_limit": 3, "workers": 2, "seed": 1}  # generated programs use the whole limit


def _groups_with(solution: dict, *clients: str) -> list[dict]:
    return [
        s
        for s in solution["sessions"]
        if s["kind"] == "group" and set(clients) <= set(s["clients"])
    ]


def test_it_meets_every_requirement_of_the_small_week_and_proves_it():
    solution = solve(make_week(), **FAST)
    assert check(make_week(), solution).ok
    assert solution["unmet"] == []
    assert solution["status"] == "optimal"
    assert (solution["objective"], solution["bound"]) == (0, 0)


def test_it_returns_a_valid_schedule_for_a_generated_program():
    week = generate(clients=40, staff=8, seed=3)
    solution = solve(week, **SHORT)
    report = check(week, solution)
    assert report.ok, report.violations
    assert not any("failed the check" in w for w in solution.get("warnings", []))
    assert [{k: v for k, v in u.items() if k != "reason"} for u in solution["unmet"]] == (
        report.unmet
    )
    assert solution["objective"] == unmet_score(load_instance(week), _sessions(solution))
    assert solution["bound"] <= solution["objective"]


def _sessions(solution: dict) -> list[Session]:
    return [
        Session(
            s["kind"], s["slot"], s["room"], s["staff"], tuple(s["clients"]), s.get("group_type")
        )
        for s in solution["sessions"]
    ]


def test_it_keeps_pinned_sessions_exactly():
    pinned = [
        group("wed-am", ["c1", "c3", "c5"], staff="s2", kind="process"),
        one_to_one("tue-13", "c2", staff="s2", room="office-2"),
    ]
    week = make_week(pinned=pinned)
    solution = solve(week, **FAST)
    assert check(week, solution).ok
    for session in pinned:
        assert session in solution["sessions"]


def test_it_keeps_pinned_sessions_of_a_generated_program():
    week = generate(clients=60, staff=10, seed=2)
    assert week["pinned"], "the generator pins a few sessions"
    solution = solve(week, **SHORT)
    assert check(week, solution).ok
    for session in week["pinned"]:
        assert session in solution["sessions"]


def test_it_never_puts_a_keep_apart_pair_in_one_group():
    # Only Monday and Tuesday have group slots that fit, and one room: both need 2 groups.
    week = make_week(keep_apart=[["c1", "c2"]])
    solution = solve(week, **FAST)
    assert check(week, solution).ok
    assert _groups_with(solution, "c1", "c2") == []
    assert all(_groups_with(solution, c) for c in ("c1", "c2"))


def test_it_reports_an_unsatisfiable_requirement_with_a_reason():
    week = make_week()
    week["clients"][0]["unavailable"] = ["mon-13", "tue-13", "wed-13"]
    solution = solve(week, **FAST)
    assert solution["status"] == "optimal"
    assert solution["unmet"] == [
        {
            "client": "c1",
            "requirement": "individual_sessions",
            "needed": 1,
            "scheduled": 0,
            "reason": "client c1 and clinician s1 share no free individual slot with a room "
            "for individual sessions",
        }
    ]
    assert solution["objective"] == solution["bound"] == 60


def test_it_answers_infeasible_when_a_pinned_session_breaks_a_hard_constraint():
    week = make_week(pinned=[group("mon-am", ["c1", "c2"])])  # below min_size 3
    solution = solve(week, **FAST)
    assert solution["status"] == "infeasible"
    assert solution["sessions"] == []
    assert "hard constraint 4" in solution["reasons"][0]


def test_it_gives_the_same_schedule_for_the_same_seed_in_deterministic_mode():
    week = generate(clients=30, staff=6, seed=5)
    runs = [solve(week, time_limit=0.3, workers=2, seed=7, deterministic=True) for _ in range(2)]
    assert runs[0]["sessions"] == runs[1]["sessions"]
    assert [s["objective"] for s in runs[0]["stages"]] == [
        s["objective"] for s in runs[1]["stages"]
    ]


def test_it_explains_impossible_evening_demand_in_words():
    week = make_week()
    for client in week["clients"]:
        client["unavailable"] = ["mon-am", "tue-am"]
        client["min_hours"] = 9
    solution = solve(week, **FAST)
    assert any(
        "clients who can only come to 09:00-12:00 groups" in w for w in solution["warnings"]
    ) or any("can attend at most" in w for w in solution["warnings"])


def test_it_gives_unmet_sessions_of_an_overloaded_clinician_that_reason():
    week = make_week(clients=8)
    for client in week["clients"]:
        client["clinician"] = "s1"
    solution = solve(week, **FAST)
    unmet = [u for u in solution["unmet"] if u["requirement"] == "individual_sessions"]
    assert len(unmet) == 5
    assert solution["objective"] == solution["bound"]  # proven: 3 slots for 8 sessions
    assert {u["reason"] for u in unmet} == {
        "clinician s1's caseload needs 8 one-to-one sessions but s1 is free in only 3 "
        "individual time slots"
    }
