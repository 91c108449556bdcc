"""``python -m cairn.bench [--size large|small]`` (``make bench [SIZE=small]``).

Runs each database size in its own process (``cairn.bench.run``): the comparison size first,
for query counts only, then the measured size; then the solver; writes
``bench-results/bench-<size>-<time>.json`` (and ``latest-<size>.json``) and prints a table.
Exit status 1 when a page's query count grows with data size (the page is named), 2 when a
measurement failed.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cairn.bench import solver, stats


@dataclass(frozen=True)
class Size:
    clients: int
    active: int
    requests: int
    #: (clients, active) of the smaller database whose query counts must not be exceeded.
    compare: tuple[int, int]
    #: (clients, time limit in seconds) of each generated solver instance.
    solver: tuple[tuple[int, float], ...]
    weeks: int = 104


SIZES = {
    "large": Size(10_000, 500, 200, (1_000, 60), ((300, 60.0), (1_000, 120.0))),
    "small": Size(1_000, 60, 40, (300, 40), ((300, 20.0),)),
}
COMPARE_REQUESTS = 5
ROOT = Path(__file__).resolve().parents[2]


def machine() -> dict:
    model = ""
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
        memory = next(
            int(t.split()[1]) // 1024
            for t in Path("/proc/meminfo").read_text().splitlines()
            if t.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_mb": memory,
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def one_size(clients, active, weeks, requests, *, reseed, bulk, out: Path) -> dict:
    command = [
        sys.executable,
        "-m",
        "cairn.bench.run",
        f"--clients={clients}",
        f"--active={active}",
        f"--weeks={weeks}",
        f"--requests={requests}",
        f"--out={out}",
    ]
    command += ["--reseed"] if reseed else []
    command += ["--bulk"] if bulk else []
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 (our own module)
    return json.loads(out.read_text())


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cairn.bench")
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.add_argument("--requests", type=int, help="requests per page (default by size)")
    parser.add_argument("--reseed", action="store_true", help="rebuild the bench databases")
    parser.add_argument("--no-solver", action="store_true", help="skip the solver figures")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    folder = ROOT / "bench-results"
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    began = time.monotonic()
    results = {"size": args.size, "settings": asdict(size), "machine": machine(), "at": stamp}
    try:
        small_clients, small_active = size.compare
        smaller = one_size(
            small_clients,
            small_active,
            size.weeks,
            COMPARE_REQUESTS,
            reseed=args.reseed,
            bulk=False,
            out=folder / f".compare-{small_clients}.json",
        )
        main_run = one_size(
            size.clients,
            size.active,
            size.weeks,
            args.requests or size.requests,
            reseed=args.reseed,
            bulk=True,
            out=folder / f".run-{size.clients}.json",
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(f"bench: a measurement failed ({error})\n")
        return 2
    stats.add_ratios(main_run["pages"], main_run["trivial"])
    keys = ("clients", "weeks", "active", "seed", "rows", "postgresql")
    results["database"] = {k: main_run.get(k) for k in keys}
    results["pages"], results["trivial"] = main_run["pages"], main_run["trivial"]
    results["compare"] = {"clients": small_clients, "pages": smaller["pages"]}
    grown = stats.query_growth(smaller["pages"], main_run["pages"])
    results["query_growth"] = grown
    results["bulk_export"] = main_run.get("bulk_export")
    results["solver"] = []
    if not args.no_solver:
        for clients, limit in size.solver:
            say(f"solver: {clients} clients, {limit:.0f} s ...")
            results["solver"].append(solver.run(clients, limit))
    results["seconds"] = round(time.monotonic() - began, 1)
    path = folder / f"bench-{args.size}-{stamp}.json"
    text = json.dumps(results, indent=2, default=str)
    path.write_text(text)
    (folder / f"latest-{args.size}.json").write_text(text)
    for line in report(results):
        say(line)
    say(f"results: {path.relative_to(ROOT)}")
    if grown:
        for line in grown:
            sys.stderr.write(f"QUERY COUNT GROWS WITH DATA SIZE: {line}\n")
        return 1
    return 0


def report(results: dict) -> list[str]:
    database, seed = results["database"], results["database"]["seed"]
    how = "reused" if seed.get("reused") else "seeded"
    lines = [
        "",
        f"Cairn bench ({results['size']}): {database['clients']:,} clients "
        f"({database['active']} active), {database['weeks']} weeks; database {how}, "
        f"seed time {seed.get('seconds')} s",
        f"machine: {results['machine']['cpus']} CPUs, {results['machine']['cpu_model']}, "
        f"{results['machine']['memory_mb']} MB, PostgreSQL {database.get('postgresql')}, "
        f"load average {results['machine']['load_average'][0]:.1f}",
        "times are server times in-process (Django test client); ratio = req/s vs trivial view;",
        f"queries = at {results['compare']['clients']:,} / {database['clients']:,} clients; "
        f"target: p95 < {stats.P95_TARGET_MS:.0f} ms, ratio >= {stats.RATIO_TARGET}",
        "",
    ]
    lines += stats.table(results["pages"], results["trivial"], results["compare"]["pages"])
    lines.append("")
    bulk = results.get("bulk_export") or {}
    if "skipped" in bulk:
        lines.append(f"FHIR bulk export: {bulk['skipped']}")
    elif bulk:
        lines.append(
            f"FHIR bulk export: {bulk['resources']} resources in {bulk['seconds']} s "
            f"({bulk['resources_per_second']}/s)"
        )
    rows = database["rows"]
    lines.append("rows: " + ", ".join(f"{k} {v}" for k, v in rows.items() if isinstance(v, int)))
    lines += [f"{k}: {v}" for k, v in rows.items() if not isinstance(v, int)]
    lines += [solver.line(row) for row in results["solver"]]
    growth = results["query_growth"]
    lines.append("query counts: " + ("GROW on " + "; ".join(growth) if growth else "no page grows"))
    lines.append(f"total {results['seconds']:.0f} s")
    return lines


if __name__ == "__main__":
    sys.exit(main())
