"""``manage.py audit_verify``: walk the audit hash chain and report the first break."""

from django.core.management.base import BaseCommand, CommandError

from cairn.audit.chain import verify


class Command(BaseCommand):
    help = "Verify the audit hash chain; exit 1 at the first altered, removed or inserted event."

    def handle(self, *args, **options):
        checked, problem = verify()
        if problem is not None:
            raise CommandError(f"Audit chain broken after {checked} good events: {problem}.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events verified."))
