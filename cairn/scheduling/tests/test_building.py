"""The instance builder writes exactly the contract's document (cairn-schedule/1)."""

from datetime import time

import pytest
from django.test import TestCase

from cairn.scheduling.building import build_instance
from cairn.scheduling.models import (
    ClientUnavailability,
    KeepApart,
    RoomClosure,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)
from cairn.scheduling.tests.world import MONDAY, at, build_world
from cairn.testing.cast import build_cast
from cairn.testing.sessions import make_session

#: The contract's fields, exactly (the solver rejects unknown ones).
TOP = {"format", "week_start", "slots", "rooms", "group_types", "staff", "clients"}
TOP |= {"keep_apart", "pinned", "previous"}
KEYS = {
    "slots": {"id", "kind", "start", "end"},
    "rooms": {"id", "kinds", "capacity", "unavailable"},
    "group_types": {"id", "min_size", "max_size", "qualification"},
    "staff": {"id", "qualifications", "max_hours", "unavailable"},
    "clients": {
        "id",
        "clinician",
        "min_hours",
        "max_hours",
        "min_days",
        "max_days",
        "individual_sessions",
        "family_sessions",
        "required_group_types",
        "preferred_slots",
        "unavailable",
    },
}
SESSION_KEYS = {"kind", "slot", "room", "staff", "clients"}


def check_shape(doc: dict) -> None:
    """What the contract says of every field; every reference resolves."""
    assert set(doc) == TOP
    assert doc["format"] == "cairn-schedule/1"
    ids = {}
    for name, keys in KEYS.items():
        assert all(set(item) == keys for item in doc[name]), name
        ids[name] = [item["id"] for item in doc[name]]
        assert len(ids[name]) == len(set(ids[name])), f"duplicate ids in {name}"
    slots, staff = set(ids["slots"]), set(ids["staff"])
    for slot in doc["slots"]:
        assert slot["kind"] in ("group", "individual")
        assert slot["start"] < slot["end"] and len(slot["start"]) == 16
    for item in doc["rooms"] + doc["staff"] + doc["clients"]:
        assert set(item["unavailable"]) <= slots
    for client in doc["clients"]:
        assert client["clinician"] in staff
        assert client["min_hours"] <= client["max_hours"]
        assert client["min_days"] <= client["max_days"] <= 7
        assert set(client["preferred_slots"]) <= slots
        assert set(client["required_group_types"]) <= set(ids["group_types"])
    clients = set(ids["clients"])
    for pair in doc["keep_apart"]:
        assert len(pair) == 2 and set(pair) <= clients and pair[0] != pair[1]
    sessions = list(doc["pinned"]) + list((doc["previous"] or {}).get("sessions", []))
    for session in sessions:
        assert SESSION_KEYS <= set(session) <= SESSION_KEYS | {"group_type"}
        assert session["slot"] in slots and session["staff"] in staff
        assert session["room"] in set(ids["rooms"])
        assert set(session["clients"]) <= clients


class BuildInstanceTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.world = build_world(cls.cast)
        cls.program = cls.cast.program

    def build(self):
        return build_instance(self.program, MONDAY, now=at(self.program, -7, 0)).doc

    def test_it_writes_the_contracts_document(self):
        doc = self.build()
        check_shape(doc)
        self.assertEqual(doc["week_start"], "2030-01-07")

    def test_it_passes_the_solvers_own_validation(self):
        solver = pytest.importorskip("cairn.scheduling.solver")
        solver.load_instance(self.build())

    def test_it_cuts_each_track_block_into_group_slots(self):
        groups = [s for s in self.build()["slots"] if s["kind"] == "group"]
        # Morning track Mon/Tue/Thu 09–12 in 90-minute groups.
        self.assertEqual([s["id"] for s in groups][:2], ["g-mon-0900-1030", "g-mon-1030-1200"])
        self.assertEqual(len(groups), 6)

    def test_it_describes_each_client_from_the_episode_and_the_defaults(self):
        doc = self.build()
        client = next(c for c in doc["clients"] if c["id"] == f"c{self.cast.client.pk}")
        self.assertEqual(client["clinician"], f"s{self.cast.clinician.pk}")
        self.assertEqual(client["min_hours"], 9)
        self.assertEqual(client["required_group_types"], {"relapse_prevention": 1})
        self.assertIn("g-mon-0900-1030", client["preferred_slots"])

    def test_it_marks_a_clients_recurring_and_dated_unavailability(self):
        ClientUnavailability.objects.create(
            client=self.cast.client,
            kind="recurring",
            weekday=1,
            start_time=time(10),
            end_time=time(11),
        )
        ClientUnavailability.objects.create(
            client=self.cast.client,
            kind="dated",
            starts_on=MONDAY.replace(day=10),
            ends_on=MONDAY.replace(day=10),
        )
        doc = self.build()
        client = next(c for c in doc["clients"] if c["id"] == f"c{self.cast.client.pk}")
        self.assertIn("g-mon-0900-1030", client["unavailable"])
        self.assertIn("g-mon-1030-1200", client["unavailable"])
        self.assertIn("g-thu-0900-1030", client["unavailable"])
        self.assertNotIn("g-tue-0900-1030", client["unavailable"])

    def test_it_marks_staff_outside_their_hours_and_on_leave(self):
        profile = StaffProfile.objects.get(user=self.cast.clinician)
        StaffAvailability.objects.create(
            profile=profile, weekday=1, start_time=time(8), end_time=time(18)
        )
        StaffAvailability.objects.create(
            profile=profile, weekday=2, start_time=time(8), end_time=time(18)
        )
        StaffTimeOff.objects.create(
            profile=profile, starts_on=MONDAY, ends_on=MONDAY, reason="Leave"
        )
        staff = next(s for s in self.build()["staff"] if s["id"] == f"s{self.cast.clinician.pk}")
        self.assertIn("g-mon-0900-1030", staff["unavailable"])  # leave
        self.assertNotIn("g-tue-0900-1030", staff["unavailable"])  # working hours
        self.assertIn("g-thu-0900-1030", staff["unavailable"])  # no hours on Thursday

    def test_it_closes_rooms_for_their_closures(self):
        RoomClosure.objects.create(
            room=self.world["group_room"],
            starts_at=at(self.program, 1, 0),
            ends_at=at(self.program, 2, 0),
        )
        room = next(
            r for r in self.build()["rooms"] if r["id"] == f"r{self.world['group_room'].pk}"
        )
        self.assertEqual(
            [s for s in room["unavailable"] if s.startswith("g-")],
            ["g-tue-0900-1030", "g-tue-1030-1200"],
        )

    def test_it_pins_held_and_hand_edited_sessions(self):
        members = [self.cast.client, self.cast.other_client, *self.world["extra"]]
        held = make_session(
            self.program,
            self.cast.clinician,
            clients=members,
            day=MONDAY,
            start=time(9),
            hours=1.5,
            group_type=self.world["process"],
            room=self.world["group_room"],
            status="held",
        )
        doc = self.build()
        self.assertEqual(len(doc["pinned"]), 1)
        pinned = doc["pinned"][0]
        self.assertEqual(pinned["slot"], "g-mon-0900-1030")
        self.assertEqual(len(pinned["clients"]), 5)
        self.assertIsNone(doc["previous"])
        self.assertTrue(held.pk)

    def test_it_passes_planned_sessions_as_the_previous_plan(self):
        make_session(
            self.program,
            self.cast.clinician,
            clients=[self.cast.client],
            day=MONDAY,
            start=time(13),
            hours=1,
            kind="individual",
            room=self.world["office"],
        )
        doc = self.build()
        self.assertEqual(doc["pinned"], [])
        self.assertEqual(doc["previous"]["format"], "cairn-schedule-solution/1")
        self.assertEqual(doc["previous"]["sessions"][0]["slot"], "i-mon-1300-1400")

    def test_it_gives_an_unusual_fixed_session_its_own_slot_and_a_virtual_room(self):
        make_session(
            self.program,
            self.cast.clinician,
            clients=[self.cast.client],
            day=MONDAY,
            start=time(13, 15),
            hours=1,
            kind="individual",
            mode="telehealth",
            pinned=True,
        )
        doc = self.build()
        check_shape(doc)
        pinned = doc["pinned"][0]
        self.assertTrue(pinned["slot"].startswith("p"))
        self.assertTrue(pinned["room"].startswith("v"))
        room = next(r for r in doc["rooms"] if r["id"] == pinned["room"])
        self.assertNotIn(pinned["slot"], room["unavailable"])
        self.assertEqual(len(room["unavailable"]), len(doc["slots"]) - 1)

    def test_it_blocks_a_fixed_session_the_contract_cannot_express(self):
        # A held group of two is below the group type's minimum of three.
        session = make_session(
            self.program,
            self.cast.clinician,
            clients=[self.cast.client, self.cast.other_client],
            day=MONDAY,
            start=time(9),
            hours=1.5,
            group_type=self.world["process"],
            room=self.world["group_room"],
            status="held",
        )
        built = build_instance(self.program, MONDAY, now=at(self.program, -7, 0))
        self.assertEqual(built.fixed_outside, [session.pk])
        client = next(c for c in built.doc["clients"] if c["id"] == f"c{self.cast.client.pk}")
        self.assertEqual(client["min_hours"], 7.5)
        self.assertIn("g-mon-0900-1030", client["unavailable"])

    def test_it_lists_keep_apart_pairs_and_skips_clients_without_a_clinician(self):
        a, b = sorted([self.cast.client, self.cast.other_client], key=lambda c: c.pk)
        KeepApart.objects.create(
            program=self.program,
            client_a=a,
            client_b=b,
            reason="partners",
            created_by=self.cast.director,
        )
        lone = self.world["extra"][0]
        lone.episodes.update(primary_clinician=None)
        built = build_instance(self.program, MONDAY, now=at(self.program, -7, 0))
        self.assertEqual(built.doc["keep_apart"], [[f"c{a.pk}", f"c{b.pk}"]])
        self.assertIn(lone.pk, built.skipped)
        self.assertNotIn(f"c{lone.pk}", {c["id"] for c in built.doc["clients"]})

    def test_it_plans_nothing_into_the_past(self):
        doc = build_instance(self.program, MONDAY, now=at(self.program, 2, 0)).doc
        self.assertFalse(
            [s for s in doc["slots"] if s["id"].startswith(("g-mon", "g-tue", "i-mon"))]
        )
