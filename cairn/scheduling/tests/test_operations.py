"""Sessions changed by hand: every conflict refused with its reason, nothing written."""

from datetime import time

from django.test import TestCase

from cairn.audit.models import AuditEvent
from cairn.scheduling import operations
from cairn.scheduling.models import (
    ClientUnavailability,
    KeepApart,
    RoomClosure,
    Session,
    SessionParticipant,
    StaffProfile,
    StaffTimeOff,
)
from cairn.scheduling.operations import ScheduleConflict, SessionChange, StaleSession
from cairn.scheduling.tests.world import MONDAY, at, build_world
from cairn.testing.cast import build_cast
from cairn.testing.sessions import make_group_type, make_session


class HandEditTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.world = build_world(cls.cast)
        cls.program = cls.cast.program

    def change(self, **overrides) -> SessionChange:
        values = {
            "kind": "group",
            "starts_at": at(self.program, 0, 9),
            "ends_at": at(self.program, 0, 10, 30),
            "facilitator": self.cast.clinician,
            "group_type": self.world["process"],
            "room": self.world["group_room"],
            "client_ids": [self.cast.client.pk, self.cast.other_client.pk],
        }
        values.update(overrides)
        return SessionChange(**values)

    def refused(self, change: SessionChange) -> list[str]:
        before = (Session.objects.count(), SessionParticipant.objects.count())
        with self.assertRaises(ScheduleConflict) as caught:
            operations.create_session(self.program, change, by=self.cast.director)
        self.assertEqual((Session.objects.count(), SessionParticipant.objects.count()), before)
        return caught.exception.reasons

    def existing(self, **kw) -> Session:
        values = {
            "day": MONDAY,
            "start": time(9),
            "hours": 1.5,
            "group_type": self.world["process"],
            "room": self.world["group_room"],
        }
        values.update(kw)
        return make_session(self.program, values.pop("facilitator", self.cast.colleague), **values)

    def test_it_creates_a_pinned_session_with_its_roster_and_an_audit_event(self):
        session = operations.create_session(self.program, self.change(), by=self.cast.director)
        self.assertTrue(session.pinned)
        self.assertEqual(session.participants.count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="session.create").exists())

    def test_it_refuses_double_booking_the_facilitator(self):
        self.existing(facilitator=self.cast.clinician, room=None)
        reasons = self.refused(self.change())
        self.assertTrue(any("already leads" in r for r in reasons), reasons)

    def test_it_refuses_double_booking_a_client(self):
        self.existing(clients=[self.cast.client], room=None)
        reasons = self.refused(self.change())
        self.assertTrue(any("is already in" in r for r in reasons), reasons)

    def test_it_refuses_double_booking_the_room(self):
        self.existing()
        reasons = self.refused(self.change())
        self.assertTrue(any("already booked" in r for r in reasons), reasons)

    def test_it_refuses_more_clients_than_the_room_holds(self):
        ids = [c.pk for c in (self.cast.client, self.cast.other_client, *self.world["extra"])]
        room = self.world["group_room"]
        room.capacity = 4
        room.save()
        reasons = self.refused(self.change(client_ids=ids))
        self.assertIn("Group A holds 4; this session has 5.", reasons)

    def test_it_refuses_a_closed_room_and_a_room_of_the_wrong_kind(self):
        RoomClosure.objects.create(
            room=self.world["group_room"],
            starts_at=at(self.program, 0, 0),
            ends_at=at(self.program, 1, 0),
            reason="Flooring",
        )
        self.assertIn("Group A is closed then (Flooring).", self.refused(self.change()))
        reasons = self.refused(self.change(room=self.world["office"]))
        self.assertIn("Office 1 is not set up for group sessions.", reasons)

    def test_it_refuses_a_time_a_client_cannot_come(self):
        ClientUnavailability.objects.create(
            client=self.cast.client,
            kind="recurring",
            weekday=1,
            start_time=time(8),
            end_time=time(10),
        )
        reasons = self.refused(self.change())
        self.assertTrue(any("is not available then (work" in r for r in reasons), reasons)

    def test_it_refuses_a_facilitator_on_leave(self):
        profile = StaffProfile.objects.get(user=self.cast.clinician)
        StaffTimeOff.objects.create(
            profile=profile, starts_on=MONDAY, ends_on=MONDAY, reason="Leave"
        )
        reasons = self.refused(self.change())
        self.assertTrue(any("is off on Mon Jan 7 (Leave)" in r for r in reasons), reasons)

    def test_it_refuses_a_facilitator_without_the_qualification(self):
        yoga = make_group_type(self.program, code="yoga")
        reasons = self.refused(self.change(group_type=yoga))
        self.assertTrue(any("“yoga” qualification" in r for r in reasons), reasons)

    def test_it_refuses_a_keep_apart_pair_in_one_group(self):
        a, b = sorted([self.cast.client, self.cast.other_client], key=lambda c: c.pk)
        KeepApart.objects.create(
            program=self.program,
            client_a=a,
            client_b=b,
            reason="codefendants",
            created_by=self.cast.director,
        )
        reasons = self.refused(self.change())
        self.assertTrue(any("must be kept apart" in r for r in reasons), reasons)

    def test_it_refuses_going_over_the_weekly_hour_limit(self):
        StaffProfile.objects.filter(user=self.cast.clinician).update(max_hours=1)
        reasons = self.refused(self.change())
        self.assertTrue(any("their limit is 1" in r for r in reasons), reasons)

    def test_it_moves_a_session_and_pins_it(self):
        session = self.existing(facilitator=self.cast.clinician, clients=[self.cast.client])
        moved = operations.change_session(
            session,
            self.change(starts_at=at(self.program, 1, 9), ends_at=at(self.program, 1, 10, 30)),
            version=session.version,
            by=self.cast.director,
        )
        self.assertEqual(moved.starts_at, at(self.program, 1, 9))
        self.assertTrue(moved.pinned)
        self.assertEqual(moved.version, session.version + 1)

    def test_it_refuses_a_stale_edit(self):
        session = self.existing(facilitator=self.cast.clinician)
        with self.assertRaises(StaleSession):
            operations.change_session(
                session, self.change(), version=session.version - 1 or 99, by=self.cast.director
            )
        session.refresh_from_db()
        self.assertEqual(session.version, 1)

    def test_it_cancels_with_a_reason_and_books_and_unbooks(self):
        session = self.existing(facilitator=self.cast.clinician)
        operations.add_client(session, self.cast.client, version=1, by=self.cast.director)
        operations.remove_client(session, self.cast.client, version=2, by=self.cast.director)
        self.assertTrue(session.participants.get(client=self.cast.client).cancelled)
        operations.cancel_session(
            session, version=3, reason="Facilitator ill", by=self.cast.director
        )
        session.refresh_from_db()
        self.assertEqual((session.status, session.cancel_reason), ("cancelled", "Facilitator ill"))

    def test_it_refuses_booking_a_client_who_is_busy_then(self):
        self.existing(facilitator=self.cast.colleague, clients=[self.cast.client], room=None)
        session = self.existing(facilitator=self.cast.clinician)
        with self.assertRaises(ScheduleConflict):
            operations.add_client(session, self.cast.client, by=self.cast.director)
        self.assertFalse(session.participants.exists())
