"""``manage.py compile_translations``: .po → .mo without GNU gettext (cairn/portal/i18n.py)."""

from django.core.management.base import BaseCommand

from cairn.portal.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile every app's translation catalogues (.po → .mo) in pure Python."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompile up-to-date ones.")

    def handle(self, *args, force=False, **options):
        written = compile_catalogues(force=force)
        self.stdout.write(f"Compiled {len(written)} translation catalogue(s).")
