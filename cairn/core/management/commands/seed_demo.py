"""``manage.py seed_demo [--clients N] [--weeks W] [--seed S] [--if-empty]``"""

import importlib
import importlib.util
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cairn.core.demo import DemoContext
from cairn.core.models import Organization


class Command(BaseCommand):
    help = "Build a realistic synthetic IOP (staff, clients, history) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=40, help="clients to create (40)")
        parser.add_argument("--weeks", type=int, default=6, help="weeks of history (6)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the database has a program"
        )

    def handle(self, *args, clients, weeks, seed, if_empty, **options):
        if clients < 1 or weeks < 1:
            raise CommandError("--clients and --weeks must be at least 1.")
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already loaded; nothing to do.")
                self._print_logins()
                return
            raise CommandError(
                "The database already has data. Run `make demo` to rebuild the demo database."
            )
        ctx = DemoContext(
            clients=clients,
            weeks=weeks,
            seed=seed,
            today=timezone.localdate(),
            rng=random.Random(seed),
        )
        started = time.monotonic()
        with transaction.atomic():
            for config in apps.get_app_configs():
                module = f"{config.name}.demo"
                if config.name.startswith("cairn.") and importlib.util.find_spec(module):
                    step = time.monotonic()
                    importlib.import_module(module).seed(ctx)
                    ctx.say(f"  {config.label}: {time.monotonic() - step:.1f} s")
        for line in ctx.out:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s.")
        )
        self._print_logins()

    def _print_logins(self):
        from cairn.accounts.demo import login_lines

        for line in login_lines():
            self.stdout.write(line)
        for config in apps.get_app_configs():
            module = f"{config.name}.demo"
            if config.name.startswith("cairn.") and importlib.util.find_spec(module):
                extra = getattr(importlib.import_module(module), "login_lines", None)
                if extra and config.name != "cairn.accounts":
                    for line in extra():
                        self.stdout.write(line)
