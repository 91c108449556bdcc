"""Profile one page on a seeded bench database: ``python -m cairn.bench.profile --clients N
--page "staff home" [--requests 20] [--sql]``: cProfile's top functions by cumulative time and,
with ``--sql``, each SQL statement of one request with its time (``--explain MS``: and the plan of
those slower than MS)."""

import argparse
import cProfile
import io
import pstats
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cairn.bench.profile")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--page", required=True)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--explain", type=float, help="EXPLAIN ANALYZE statements over N ms")
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    args = parser.parse_args(argv)
    from cairn.bench.run import environment

    environment(args.clients)
    import django

    django.setup()
    from django.db import connection

    from cairn.bench import pages

    found = {page.name: page for page in pages.busy_pages()[0]}
    page = found[args.page]
    client = pages.signed_in(page.user)
    client.get(page.path, **page.headers)
    if args.sql:
        statements = []

        def wrapper(execute, sql, params, many, context):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements.append((time.perf_counter() - began, sql, params))

        with connection.execute_wrapper(wrapper):
            client.get(page.path, **page.headers)
        for seconds, sql, params in statements:
            sys.stdout.write(f"{1000 * seconds:7.2f} ms  {sql[:300]}\n")
            if args.explain and seconds * 1000 >= args.explain:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + sql, params)
                    for (row,) in cursor.fetchall():
                        sys.stdout.write(f"            {row}\n")
        sys.stdout.write(f"{len(statements)} statements\n")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get(page.path, **page.headers)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
