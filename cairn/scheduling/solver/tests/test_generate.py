"""The generator makes realistic, valid, reproducible weeks."""

from collections import Counter

from cairn.scheduling.solver.check import check
from cairn.scheduling.solver.generate import generate
from cairn.scheduling.solver.instance import load_instance


def test_it_is_reproducible_for_a_seed():
    assert generate(clients=50, staff=8, seed=3) == generate(clients=50, staff=8, seed=3)
    assert generate(clients=50, staff=8, seed=3) != generate(clients=50, staff=8, seed=4)


def test_it_builds_a_valid_instance_with_the_requested_size():
    week = load_instance(generate(clients=300, staff=40, seed=1))
    assert (len(week.clients), len(week.staff)) == (300, 40)
    assert len(week.group_types) == 10
    assert week.keep_apart and week.pinned


def test_it_gives_groups_three_hours_and_individual_sessions_one_hour_without_overlap():
    week = load_instance(generate(clients=30, staff=6, seed=1))
    minutes = Counter((s.kind, s.minutes) for s in week.slots)
    assert minutes == {("group", 180): 15, ("individual", 60): 20}
    for a in week.slots:
        assert [b.id for b in week.slots if a.overlaps(b)] == [a.id]


def test_it_gives_clients_realistic_requirements():
    week = load_instance(generate(clients=300, staff=40, seed=2))
    for client in week.clients:
        assert client.min_hours in (6, 9, 12, 15)
        assert (client.min_days, client.max_days) == (3, 5)
        assert client.individual_sessions == 1
        assert dict(client.required_group_types)["relapse_prevention"] == 1
    assert all(32 <= s.max_hours <= 40 for s in week.staff)
    assert {c.min_hours for c in week.clients} >= {6, 9}


def test_it_pins_only_sessions_that_break_no_hard_constraint():
    for seed in (1, 2, 3):
        week = generate(clients=200, staff=28, seed=seed)
        assert check(week, {"format": "cairn-schedule-solution/1", "sessions": week["pinned"]}).ok
