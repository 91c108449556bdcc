"""The audit trail cannot be changed and shows any alteration (issue 3, point 5)."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import TestCase, TransactionTestCase

from cairn.audit.chain import verify
from cairn.audit.log import record
from cairn.audit.models import GENESIS_HASH, AuditEvent, AuditImmutableError


def _three_events():
    return [record(f"test.event{i}", client_id=i, detail={"n": i}) for i in range(3)]


def _raw(sql: str, params=()):
    """Bypass the application, as an attacker with database access would. On PostgreSQL the
    append-only trigger must be switched off first (superuser only)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


class ChainTest(TestCase):
    def test_it_links_each_event_to_the_one_before(self):
        first, second, third = _three_events()
        self.assertEqual(first.prev_hash, GENESIS_HASH)
        self.assertEqual(second.prev_hash, first.hash)
        self.assertEqual(third.prev_hash, second.hash)
        self.assertEqual(verify(), (3, None))

    def test_it_refuses_changes_and_deletions_through_the_application(self):
        event = _three_events()[0]
        event.action = "something.else"
        with self.assertRaises(AuditImmutableError):
            event.save()
        with self.assertRaises(AuditImmutableError):
            event.delete()
        with self.assertRaises(AuditImmutableError):
            AuditEvent.objects.filter(pk=event.pk).update(action="x")
        with self.assertRaises(AuditImmutableError):
            AuditEvent.objects.all().delete()

    def test_it_detects_an_altered_event(self):
        events = _three_events()
        _raw(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["chart.hidden", events[1].pk]
        )
        checked, problem = verify()
        self.assertEqual((checked, problem.event_id), (1, events[1].pk))
        self.assertIn("altered", problem.problem)

    def test_it_detects_a_removed_event(self):
        events = _three_events()
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
        checked, problem = verify()
        self.assertEqual((checked, problem.event_id), (1, events[2].pk))
        self.assertIn("removed or inserted", problem.problem)

    def test_it_detects_removal_of_the_oldest_events(self):
        events = _three_events()
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
        problem = verify()[1]
        self.assertEqual(problem.event_id, events[1].pk)
        self.assertIn("earlier events were removed", problem.problem)

    def test_the_command_reports_the_first_break_and_fails(self):
        events = _three_events()
        out = StringIO()
        call_command("audit_verify", stdout=out)
        self.assertIn("3 events verified", out.getvalue())
        _raw("UPDATE audit_auditevent SET detail = %s WHERE id = %s", ['{"n": 99}', events[2].pk])
        with self.assertRaisesMessage(CommandError, f"audit event #{events[2].pk}"):
            call_command("audit_verify", stdout=StringIO())


class DatabaseTriggerTest(TransactionTestCase):
    """PostgreSQL refuses UPDATE and DELETE in the database itself."""

    def test_it_refuses_raw_updates_and_deletes_on_postgresql(self):
        if connection.vendor != "postgresql":
            self.skipTest("the append-only trigger exists on PostgreSQL only")
        event = record("test.event")
        for sql in (
            "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with (
                self.subTest(sql=sql),
                self.assertRaises(DatabaseError),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [event.pk])
        self.assertTrue(AuditEvent.objects.filter(pk=event.pk, action="test.event").exists())
