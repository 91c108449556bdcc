"""One size in its own process: ``python -m cairn.bench.run --clients N ... --out FILE``.

Prepares (or reuses) that size's database, measures the pages (and FHIR bulk export when it
exists) and writes a JSON file. ``python -m cairn.bench`` runs this once per size.
"""

import argparse
import json
import os
import sys
import time


def environment(clients: int) -> None:
    from cairn.bench.seed import database_url

    os.environ["DATABASE_URL"] = database_url(clients)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cairn.bench.settings"
    # Production-like: DEBUG off (cached templates, no query log); plain HTTP in-process.
    os.environ["DEBUG"] = "0"
    os.environ["CAIRN_HTTPS"] = "0"
    os.environ["CAIRN_MFA_REQUIRED"] = "1"
    os.environ["SECRET_KEY"] = "bench-only-secret-key-" + "b" * 40
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("CAIRN_LOG_LEVEL", "ERROR")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--active", type=int, required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--bulk", action="store_true", help="also time the FHIR bulk export")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    environment(args.clients)

    import django

    django.setup()
    from django.conf import settings

    os.makedirs(settings.STATIC_ROOT, exist_ok=True)  # whitenoise warns when it is missing
    from cairn.bench import fixtures, hooks, pages, seed

    def say(line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    name = seed.database_name(args.clients)
    wanted = seed.fingerprint(args.clients, args.weeks, args.active)
    stored = seed.stored_fingerprint(name)
    result = {"clients": args.clients, "weeks": args.weeks, "active": args.active}
    if not args.reseed and seed.matches(stored, wanted):
        say(f"{name}: reusing the database seeded {stored['day']} (same size and version)")
        result["seed"] = {"reused": True, "seconds": stored.get("seed_seconds")}
    else:
        say(f"{name}: seeding {args.clients:,} clients, {args.weeks} weeks of history ...")
        seed.recreate(name)
        began = time.monotonic()
        seconds = seed.seed(args.clients, args.weeks, args.active, say=say)
        total = time.monotonic() - began
        seed.remember(name, {**wanted, "seed_seconds": round(seconds, 1)})
        say(f"{name}: seeded in {seconds:.0f} s ({total:.0f} s with migrations)")
        result["seed"] = {"reused": False, "seconds": round(seconds, 1), "with_migrations": total}
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        result["postgresql"] = cursor.fetchone()[0]
    result["rows"] = fixtures.counts()
    result["rows"]["portal.CheckIn"] = hooks.check_ins()
    measured, skipped = pages.busy_pages()
    say(f"{name}: {args.requests} requests to each of {len(measured)} pages and the trivial view")
    results, baseline = pages.measure(measured, args.requests)
    for page, reason in skipped.items():
        results[page] = {"skipped": reason}
    result["pages"], result["trivial"] = results, baseline
    if args.bulk:
        result["bulk_export"] = hooks.bulk_export()
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
