"""The capacity pre-check explains impossible demand in words."""

from cairn.scheduling.solver.capacity import check_capacity
from cairn.scheduling.solver.instance import load_instance
from cairn.scheduling.solver.prep import Prepared

from .factory import make_week


def _messages(week: dict) -> list[str]:
    return check_capacity(Prepared(load_instance(week))).messages


def test_it_finds_nothing_wrong_with_a_feasible_week():
    assert _messages(make_week()) == []


def test_it_compares_demand_confined_to_some_times_with_the_seats_then():
    week = make_week(clients=8)
    week["slots"].append(
        {"id": "mon-eve", "kind": "group", "start": "2027-01-04T18:00", "end": "2027-01-04T21:00"}
    )
    week["rooms"][0]["capacity"] = 5
    for client in week["clients"]:  # working clients: evenings only
        client["unavailable"] = ["mon-am", "tue-am", "wed-am"]
    assert (
        "clients who can only come to 18:00-21:00 groups need 24 client-hours of groups, "
        "but those slots seat at most 15 (rooms and group leaders)"
    ) in _messages(week)


def test_it_names_a_clinician_without_the_qualification():
    week = make_week()
    week["clients"][1]["family_sessions"] = 1  # clinician s2 does not do family sessions
    assert _messages(week) == [
        "client c2 needs family sessions but clinician s2 lacks the 'family' qualification"
    ]


def test_it_names_a_clinician_whose_caseload_exceeds_their_free_hours():
    week = make_week(clients=8)
    for client in week["clients"]:
        client["clinician"] = "s1"
    assert (
        "clinician s1's caseload needs 8 one-to-one sessions but s1 is free in only 3 "
        "individual time slots" in _messages(week)
    )


def test_it_names_a_client_who_cannot_reach_their_hours_or_days():
    week = make_week()
    week["clients"][0]["unavailable"] = ["tue-am", "wed-am", "tue-13", "wed-13"]
    messages = _messages(week)
    assert "client c1 can attend at most 4 h of sessions but needs 6 h" in messages
    assert "client c1 can come on at most 1 days but needs 2" in messages
