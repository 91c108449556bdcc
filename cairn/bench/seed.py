"""The bench database: one PostgreSQL database per size, seeded once and reused.

The demo seeders (``cairn/<app>/demo.py``) build the program; ``ctx.data["history"]`` switches
the clients demo to the long-history scale model (README.md): most clients discharged, spread
over the history in admission order, a realistic active census. A database is reused when its
fingerprint (seed version, size, weeks, migrations on disk, day of seeding) matches; the
fingerprint is the database's comment.
"""

import json
import os
import random
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import psycopg

#: Bump when the seed changes shape, so old bench databases are rebuilt.
SEED_VERSION = 3
#: Weeks of schedule history for the active census (admitted in the last ten weeks).
SCHEDULE_WEEKS = 11
HOST = os.environ.get("CAIRN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def database_name(clients: int) -> str:
    return f"cairn_bench_{clients}"


def database_url(clients: int) -> str:
    return f"{HOST}/{database_name(clients)}"


def _admin():
    return psycopg.connect(f"{HOST}/postgres", autocommit=True)


def stored_fingerprint(name: str) -> dict | None:
    with _admin() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0] or "{}")
    except ValueError:
        return {}


def recreate(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def remember(name: str, fingerprint: dict) -> None:
    text = json.dumps(fingerprint).replace("'", "''")
    with _admin() as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{text}'")


def migrations_on_disk() -> str:
    """A short digest of every migration file name, so a new migration means a new seed."""
    import hashlib

    from django.db.migrations.loader import MigrationLoader

    names = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    return hashlib.sha1("\n".join(names).encode()).hexdigest()[:12]  # noqa: S324 (a label)


def fingerprint(clients: int, weeks: int, active: int) -> dict:
    return {
        "version": SEED_VERSION,
        "clients": clients,
        "weeks": weeks,
        "active": active,
        "migrations": migrations_on_disk(),
        "day": date.today().isoformat(),
    }


def matches(stored: dict | None, wanted: dict) -> bool:
    """Reuse a database only if everything but the recorded seed time agrees."""
    if not stored:
        return False
    return all(stored.get(key) == value for key, value in wanted.items())


def seed(clients: int, weeks: int, active: int, *, say) -> float:
    """Migrate and seed the (empty) current database; returns the seed time in seconds."""
    import importlib
    import importlib.util

    from django.apps import apps
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from cairn.core.demo import DemoContext

    call_command("migrate", verbosity=0, interactive=False)
    ctx = DemoContext(
        clients=clients,
        weeks=weeks,
        seed=1,
        today=timezone.localdate(),
        rng=random.Random(1),  # noqa: S311 (synthetic data, reproducible)
        data={"history": {"active": active}},
    )
    started = time.monotonic()
    with transaction.atomic():
        for config in apps.get_app_configs():
            module = f"{config.name}.demo"
            if config.name.startswith("cairn.") and importlib.util.find_spec(module):
                step = time.monotonic()
                if config.label == "scheduling":
                    # The schedule (and its history) is the active census's: recent weeks.
                    with _weeks(ctx, min(weeks, SCHEDULE_WEEKS)):
                        importlib.import_module(module).seed(ctx)
                else:
                    if config.label == "attendance":
                        say(f"  history: {_group_history(ctx)} group sessions")
                    importlib.import_module(module).seed(ctx)
                say(f"  seeded {config.label}: {time.monotonic() - step:.1f} s")
        from cairn.bench import fixtures

        fixtures.prepare(ctx)
    for line in ctx.out:
        say("  " + line)
    with __import__("django.db").db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.monotonic() - started


@contextmanager
def _weeks(ctx, weeks: int):
    saved, ctx.weeks = ctx.weeks, weeks
    try:
        yield
    finally:
        ctx.weeks = saved


def _group_history(ctx) -> int:
    """The discharged clients' group sessions over the whole history, with rosters, made by
    the attendance demo's cohort sessions (its seed then records attendance for them). The
    active census's sessions come from the scheduling demo, so these stop before it."""
    from django.utils import timezone

    from cairn.attendance import demo as attendance_demo

    past = [e for e in ctx.data["episodes"] if e.status == "discharged"]
    history = replace(ctx, data={**ctx.data, "episodes": past})
    return attendance_demo._make_sessions(history, ctx.data["program"], timezone.now())
