"""The independent checker catches each numbered hard constraint of the contract."""

import pytest

from cairn.scheduling.solver import check

from .factory import group, make_week, one_to_one, solution, valid_solution


def _constraints(week: dict, sol: dict) -> set[int]:
    return {v.constraint for v in check(week, sol).violations}


def test_it_accepts_the_valid_reference_schedule():
    report = check(make_week(), valid_solution())
    assert report.ok
    assert report.unmet == []


def test_it_catches_a_session_in_the_wrong_slot_kind_or_room_1():
    sol = valid_solution()
    sol["sessions"][2]["slot"] = "wed-am"  # an individual session in a group slot
    assert _constraints(make_week(), sol) == {1}
    sol = valid_solution()
    sol["sessions"][0]["room"] = "office-2"  # a group in an office
    assert 1 in _constraints(make_week(), sol)


def test_it_catches_double_booking_2():
    sol = valid_solution()
    sol["sessions"].append(one_to_one("mon-13", "c3", staff="s1", room="office-2"))
    found = check(make_week(), sol).violations
    assert {v.constraint for v in found} == {2}
    assert any("staff s1" in v.message for v in found)


def test_it_catches_overlap_by_time_not_only_by_slot_id_2():
    week = make_week()
    week["slots"].append(
        {
            "id": "mon-10",
            "kind": "individual",
            "start": "2027-01-04T10:00",
            "end": "2027-01-04T11:00",
        }
    )
    sol = valid_solution()
    sol["sessions"].append(one_to_one("mon-10", "c5", staff="s1", room="office-1"))
    assert 2 in _constraints(week, sol)


def test_it_catches_an_unavailable_client_staff_or_room_3():
    for section, index in (("clients", 0), ("staff", 0), ("rooms", 0)):
        week = make_week()
        week[section][index]["unavailable"] = ["mon-am"]
        assert _constraints(week, valid_solution()) == {3}, section


def test_it_catches_group_size_capacity_and_qualification_4():
    sol = valid_solution()
    sol["sessions"][0]["clients"] = ["c1", "c2"]  # below min_size 3
    assert 4 in _constraints(make_week(), sol)
    week = make_week()
    week["rooms"][0]["capacity"] = 5
    assert _constraints(week, valid_solution()) == {4}
    week = make_week()
    week["staff"][1]["qualifications"] = ["individual"]
    assert _constraints(week, valid_solution()) == {4}


def test_it_catches_a_wrong_one_to_one_session_5():
    sol = valid_solution()
    sol["sessions"][2]["staff"] = "s2"  # not c1's clinician (and s2 is double-booked)
    assert 5 in _constraints(make_week(), sol)
    sol = valid_solution()
    sol["sessions"][2]["clients"] = ["c1", "c3"]
    assert 5 in _constraints(make_week(), sol)
    week = make_week()
    week["staff"][0]["qualifications"] = ["group", "family"]
    assert _constraints(week, valid_solution()) == {5}


def test_it_catches_too_many_hours_or_days_6():
    week = make_week()
    week["staff"][0]["max_hours"] = 5
    assert _constraints(week, valid_solution()) == {6}
    week = make_week()
    week["clients"][0]["max_hours"] = 6
    assert _constraints(week, valid_solution()) == {6}
    week = make_week()
    week["clients"][0].update(min_days=1, max_days=1)
    assert _constraints(week, valid_solution()) == {6}


def test_it_catches_a_keep_apart_pair_in_one_group_7():
    week = make_week(keep_apart=[["c1", "c2"]])
    found = check(week, valid_solution()).violations
    assert {v.constraint for v in found} == {7}
    assert "c1 and c2" in found[0].message


def test_it_catches_a_missing_or_changed_pinned_session_8():
    pinned = one_to_one("wed-13", "c5", staff="s1", room="office-2")
    week = make_week(pinned=[pinned])
    assert _constraints(week, valid_solution()) == {8}
    sol = valid_solution()
    sol["sessions"][6] = pinned  # the same session in office-2: now exactly as pinned
    sol["sessions"][7]["room"] = "office-1"
    assert check(week, sol).ok


def test_it_reports_unmet_requirements_from_the_sessions():
    sol = solution([s for s in valid_solution()["sessions"] if s["kind"] == "group"])
    unmet = check(make_week(), sol).unmet
    assert len(unmet) == 6
    assert unmet[0] == {
        "client": "c1",
        "requirement": "individual_sessions",
        "needed": 1,
        "scheduled": 0,
    }


def test_it_reports_unmet_group_types_and_hours():
    sol = valid_solution()
    sol["sessions"][0]["group_type"] = "process"
    sol["sessions"][1]["clients"] = ["c2", "c3", "c4", "c5", "c6"]
    unmet = check(make_week(), sol).unmet
    assert {"client": "c1", "requirement": "min_hours", "needed": 6, "scheduled": 4} in unmet
    assert {
        "client": "c1",
        "requirement": "required_group_types",
        "group_type": "relapse_prevention",
        "needed": 1,
        "scheduled": 0,
    } in unmet


@pytest.mark.parametrize(
    ("sol", "field"),
    [
        ({"format": "nope", "sessions": []}, "format"),
        (solution([group("mon-am", ["c1", "c99"])]), "sessions[0].clients[1]"),
        (solution([group("sun-am", ["c1"])]), "sessions[0].slot"),
        (solution([{**one_to_one("mon-13", "c1"), "group_type": "process"}]), "group_type"),
    ],
)
def test_it_rejects_a_malformed_solution(sol, field):
    from cairn.scheduling.solver import InstanceError

    with pytest.raises(InstanceError, match=field.replace("[", r"\[").replace("]", r"\]")):
        check(make_week(), sol)
