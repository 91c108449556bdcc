"""``manage.py seed_demo`` (issue 2, point 7): realistic, deterministic, loaded once."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import TestCase

from cairn.accounts.models import User
from cairn.clients.models import Client


class SeedDemoTest(TestCase):
    def _seed(self, *args) -> str:
        out = StringIO()
        call_command("seed_demo", "--clients", "20", "--weeks", "2", *args, stdout=out)
        return out.getvalue()

    def test_it_builds_a_program_with_staff_in_every_role_and_clients(self):
        output = self._seed()
        self.assertIn("Demo logins", output)
        roles = set(User.objects.values_list("role_assignments__role", flat=True))
        self.assertGreaterEqual(
            roles,
            {"director", "intake", "clinician", "supervisor", "prescriber", "biller", "admin"},
        )
        self.assertEqual(Client.objects.count(), 20)
        self.assertTrue(Client.objects.filter(status="discharged").exists())

    def test_it_changes_nothing_when_run_again_with_if_empty(self):
        self._seed()
        before = (Client.objects.count(), User.objects.count())
        output = self._seed("--if-empty")
        self.assertIn("already loaded", output)
        self.assertEqual((Client.objects.count(), User.objects.count()), before)

    def test_it_refuses_to_seed_over_existing_data(self):
        self._seed()
        with self.assertRaisesMessage(CommandError, "already has data"):
            self._seed()

    def _snapshot(self, seed: int) -> list:
        with transaction.atomic():
            self._seed("--seed", str(seed))
            snapshot = list(
                Client.objects.order_by("mrn").values_list(
                    "mrn", "first_name", "last_name", "date_of_birth", "status"
                )
            )
            transaction.set_rollback(True)
        return snapshot

    def test_it_is_deterministic_for_a_seed(self):
        first, again, other = self._snapshot(7), self._snapshot(7), self._snapshot(8)
        self.assertEqual(first, again)
        self.assertNotEqual(first, other)
