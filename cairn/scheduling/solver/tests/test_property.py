"""Property: for random small weeks, every solution the solver returns passes the checker."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.scheduling.solver import check, solve

DAY = "2027-01-04"


@st.composite
def weeks(draw) -> dict:
    """Random small weeks: overlapping slots, scarce rooms and staff, random wishes."""
    slot_count = draw(st.integers(2, 6))
    slots = []
    for i in range(slot_count):
        start = draw(st.integers(8, 18))
        length = draw(st.sampled_from((1, 2, 3)))
        kind = draw(st.sampled_from(("group", "individual")))
        date = f"2027-01-0{4 + draw(st.integers(0, 2))}"
        slots.append(
            {
                "id": f"t{i}",
                "kind": kind,
                "start": f"{date}T{start:02d}:00",
                "end": f"{date}T{start + length:02d}:00",
            }
        )
    ids = [s["id"] for s in slots]
    subset = st.lists(st.sampled_from(ids), unique=True, max_size=2)
    rooms = [
        {
            "id": "g",
            "kinds": ["group"],
            "capacity": draw(st.integers(2, 8)),
            "unavailable": draw(subset),
        },
        {
            "id": "o",
            "kinds": draw(st.sampled_from((["individual"], ["individual", "family"]))),
            "capacity": 2,
            "unavailable": draw(subset),
        },
    ]
    group_types = [
        {"id": "a", "min_size": draw(st.integers(1, 3)), "max_size": 6, "qualification": "group"},
        {"id": "b", "min_size": 2, "max_size": draw(st.integers(2, 5)), "qualification": "trauma"},
    ]
    quals = st.lists(st.sampled_from(("group", "trauma", "individual", "family")), unique=True)
    staff = [
        {
            "id": f"s{i}",
            "qualifications": draw(quals),
            "max_hours": draw(st.integers(2, 12)),
            "unavailable": draw(subset),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    clients = [
        _client(draw, i, ids, [s["id"] for s in staff], subset)
        for i in range(draw(st.integers(1, 8)))
    ]
    names = [c["id"] for c in clients]
    pairs = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=2))
    return {
        "format": "cairn-schedule/1",
        "week_start": DAY,
        "slots": slots,
        "rooms": rooms,
        "group_types": group_types,
        "staff": staff,
        "clients": clients,
        "keep_apart": [list(p) for p in pairs if p[0] != p[1]],
        "pinned": [],
        "previous": None,
    }


def _client(draw, index: int, slot_ids, staff_ids, subset) -> dict:
    low = draw(st.integers(0, 6))
    return {
        "id": f"c{index}",
        "clinician": draw(st.sampled_from(staff_ids)),
        "min_hours": low,
        "max_hours": low + draw(st.integers(0, 6)),
        "min_days": draw(st.integers(0, 2)),
        "max_days": 3,
        "individual_sessions": draw(st.integers(0, 2)),
        "family_sessions": draw(st.integers(0, 1)),
        "required_group_types": draw(
            st.dictionaries(st.sampled_from(("a", "b")), st.integers(0, 2))
        ),
        "preferred_slots": draw(subset),
        "unavailable": draw(subset),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks())
def test_it_always_returns_a_schedule_that_passes_the_checker(week):
    solution = solve(week, time_limit=2, workers=1, seed=1)
    report = check(week, solution)
    assert report.ok, report.violations
    assert solution["unmet"] == [
        {k: v for k, v in u.items() if k != "reason"} for u in solution["unmet"]
    ] or all("client" in u for u in solution["unmet"])
    assert [
        {k: v for k, v in u.items() if k != "reason"} for u in solution["unmet"]
    ] == report.unmet
