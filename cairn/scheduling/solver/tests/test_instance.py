"""Malformed instances are rejected with one message that names the bad field."""

import json

import pytest

from cairn.scheduling.solver import InstanceError, load_instance
from cairn.scheduling.solver.__main__ import main

from .factory import group, make_week, one_to_one


def _set(path: str, value):
    """A mutator setting week[...] at a dotted path like 'clients.0.clinician'."""

    def mutate(week):
        *parents, last = path.split(".")
        target = week
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _dup(section: str):
    def mutate(week):
        week[section].append(dict(week[section][0]))

    return mutate


def _delete(section: str, key: str):
    def mutate(week):
        del week[section][0][key]

    return mutate


CASES = {
    "unknown clinician": (
        _set("clients.3.clinician", "s99"),
        "clients[3].clinician: unknown staff id 's99'",
    ),
    "unknown unavailable slot": (
        _set("rooms.1.unavailable", ["sun-am"]),
        "rooms[1].unavailable[0]: unknown slot id 'sun-am'",
    ),
    "unknown preferred slot": (
        _set("clients.0.preferred_slots", ["x"]),
        "clients[0].preferred_slots[0]: unknown slot",
    ),
    "unknown keep_apart client": (
        _set("keep_apart", [["c1", "c77"]]),
        "keep_apart[0][1]: unknown client id 'c77'",
    ),
    "keep_apart with itself": (
        _set("keep_apart", [["c1", "c1"]]),
        "keep_apart[0]: a client cannot",
    ),
    "keep_apart not a pair": (_set("keep_apart", [["c1"]]), "keep_apart[0]: expected a pair"),
    "duplicate slot": (_dup("slots"), "slots[6].id: duplicate id 'mon-am'"),
    "duplicate room": (_dup("rooms"), "rooms[3].id: duplicate id 'group-a'"),
    "duplicate staff": (_dup("staff"), "staff[2].id: duplicate id 's1'"),
    "duplicate client": (_dup("clients"), "clients[6].id: duplicate id 'c1'"),
    "duplicate group type": (_dup("group_types"), "group_types[2].id: duplicate id 'process'"),
    "slot ends before it starts": (
        _set("slots.0.end", "2027-01-04T08:00"),
        "slots[0].end: must be after start",
    ),
    "empty slot": (_set("slots.0.end", "2027-01-04T09:00"), "slots[0].end: must be after start"),
    "slot outside the week": (
        _set(
            "slots.0",
            {"id": "x", "kind": "group", "start": "2027-01-11T09:00", "end": "2027-01-11T12:00"},
        ),
        "slots[0]: slot 'x' (2027-01-11T09:00 to 2027-01-11T12:00) is outside the week starting "
        "2027-01-04 (2027-01-04T00:00 to 2027-01-11T00:00)",
    ),
    "slot time with offset": (
        _set("slots.0.start", "2027-01-04T09:00+01:00"),
        "slots[0].start: must be a local time",
    ),
    "slot time not a time": (_set("slots.0.start", "9am"), "slots[0].start: expected a time"),
    "slot kind": (
        _set("slots.0.kind", "family"),
        "slots[0].kind: expected one of group, individual",
    ),
    "negative hours": (
        _set("clients.0.min_hours", -1),
        "clients[0].min_hours: must not be negative",
    ),
    "non-numeric hours": (
        _set("staff.0.max_hours", "forty"),
        "staff[0].max_hours: expected a number",
    ),
    "boolean hours": (_set("clients.0.max_hours", True), "clients[0].max_hours: expected a number"),
    "negative size": (
        _set("group_types.0.min_size", -3),
        "group_types[0].min_size: must be at least 1",
    ),
    "fractional size": (
        _set("group_types.0.max_size", 7.5),
        "group_types[0].max_size: expected a whole number",
    ),
    "negative capacity": (_set("rooms.0.capacity", -1), "rooms[0].capacity: must be at least 0"),
    "min size above max": (
        _set("group_types.0.min_size", 13),
        "group_types[0]: min_size 13 is greater than max_size 12",
    ),
    "min hours above max": (
        _set("clients.0.min_hours", 20),
        "clients[0]: min_hours 20 is greater than max_hours 19",
    ),
    "min days above max": (
        _set("clients.0.min_days", 6),
        "clients[0]: min_days 6 is greater than max_days 5",
    ),
    "too many days": (_set("clients.0.max_days", 8), "clients[0].max_days: must be at most 7"),
    "wrong format": (_set("format", "cairn-schedule/2"), "format: expected 'cairn-schedule/1'"),
    "week_start not a date": (_set("week_start", "next monday"), "week_start: expected a date"),
    "unknown required group type": (
        _set("clients.2.required_group_types", {"yoga": 1}),
        "clients[2].required_group_types.yoga: unknown group type id 'yoga'",
    ),
    "negative required count": (
        _set("clients.2.required_group_types", {"process": -1}),
        "clients[2].required_group_types.process: must be at least 0",
    ),
    "pinned unknown room": (
        _set("pinned", [one_to_one("mon-13", "c1", room="attic")]),
        "pinned[0].room: unknown room id 'attic'",
    ),
    "pinned unknown client": (
        _set("pinned", [group("mon-am", ["c1", "c2", "zz"])]),
        "pinned[0].clients[2]",
    ),
    "pinned unknown group type": (
        _set("pinned", [group("mon-am", ["c1", "c2", "c3"], kind="yoga")]),
        "pinned[0].group_type: unknown group type id 'yoga'",
    ),
    "pinned kind": (
        _set("pinned", [{**one_to_one("mon-13", "c1"), "kind": "couple"}]),
        "pinned[0].kind",
    ),
    "previous format": (_set("previous", {"sessions": []}), "previous.format: expected"),
    "previous unknown staff": (
        _set(
            "previous",
            {
                "format": "cairn-schedule-solution/1",
                "sessions": [one_to_one("mon-13", "c1", staff="s9")],
            },
        ),
        "previous.sessions[0].staff: unknown staff id 's9'",
    ),
    "unknown field": (_set("clients.0.unavailble", []), "clients[0].unavailble: unknown field"),
    "missing field": (
        _delete("clients", "clinician"),
        "clients[0].clinician: missing required field",
    ),
    "empty id": (_set("rooms.0.id", ""), "rooms[0].id: expected a non-empty string"),
    "list expected": (_set("slots", {"a": 1}), "slots: expected a list"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_names_the_bad_field(case):
    mutate, message = CASES[case]
    week = make_week()
    mutate(week)
    with pytest.raises(InstanceError) as caught:
        load_instance(week)
    assert message in str(caught.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_exits_2_on_the_command_line_with_one_line_naming_the_field(case, tmp_path, capsys):
    mutate, message = CASES[case]
    week = make_week()
    mutate(week)
    path = tmp_path / "week.json"
    path.write_text(json.dumps(week))
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert err.count("\n") == 1


def test_it_rejects_a_document_that_is_not_an_object():
    with pytest.raises(InstanceError, match="instance: expected an object"):
        load_instance([1, 2])


def test_it_loads_the_default_week_with_optional_fields_absent():
    week = make_week()
    for key in ("keep_apart", "pinned", "previous"):
        del week[key]
    instance = load_instance(week)
    assert len(instance.clients) == 6
    assert instance.slot["mon-am"].minutes == 180
