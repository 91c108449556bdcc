"""Benchmark the solver on generated weeks: `python -m cairn.scheduling.solver.bench`.

For each size and seed it reports the time to a first valid schedule (the greedy baseline),
the time to the stage-1 optimum (every satisfiable requirement met, when proven), the unmet
count, each stage's objective, proven bound and gap, and the total time. Every figure comes
from the solution document, whose numbers are recomputed from its sessions, and each solution
is re-checked with the independent checker.
"""

import argparse
import json
import os
import sys
import time

from .check import check
from .generate import generate
from .solve import solve

TIME_LIMITS = {300: 60.0, 1000: 120.0}


def staff_for(clients: int) -> int:
    """40 staff for 300 clients, 120 for 1,000 (the contract's reference programs)."""
    return max(4, round(40 + (clients - 300) * 80 / 700))


def default_time_limit(clients: int) -> float:
    return TIME_LIMITS.get(clients, 60.0 if clients <= 500 else 120.0)


def bench_one(
    clients: int, seed: int, *, time_limit: float, workers: int, rooms: float = 1.0
) -> dict:
    """Generate, solve and re-check one week; every figure is read from the checked solution."""
    instance = generate(clients=clients, staff=staff_for(clients), seed=seed, rooms=rooms)
    load_before = os.getloadavg()[0]
    began, cpu = time.monotonic(), time.process_time()
    solution = solve(instance, time_limit=time_limit, workers=workers, seed=seed)
    total, cpu = time.monotonic() - began, time.process_time() - cpu
    report = check(instance, solution)
    stages = {s["stage"]: s for s in solution["stages"]}
    unmet_stage = stages.get("unmet", {})
    proven = unmet_stage.get("status") == "optimal"
    return {
        "clients": clients,
        "staff": staff_for(clients),
        "seed": seed,
        "rooms": rooms,
        "time_limit": time_limit,
        "workers": workers,
        # Other jobs on the machine slow every wall-clock figure; keep the context.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "valid": report.ok,
        "status": solution["status"],
        "first_valid_seconds": solution["stats"]["greedy"]["seconds"],
        "greedy_unmet": solution["stats"]["greedy"]["unmet"],
        "stage1_optimum_seconds": unmet_stage.get("best_solution_at") if proven else None,
        "stage1_proven": proven,
        "unmet": len(report.unmet),
        "objective": solution["objective"],
        "bound": solution["bound"],
        "stages": solution["stages"],
        "stats": solution["stats"],
        "total_seconds": round(total, 3),
        "cpu_seconds": round(cpu, 1),  # all solver threads; about 2x wall on an idle 2-core box
    }


def _gap(value, bound) -> str:
    if value is None or bound is None:
        return "-"
    return f"{100 * (value - bound) / max(abs(value), 1):.1f}%"


def _stage_text(stage: dict) -> str:
    """'unmet 0/0 gap 0.0%'; a lexicographic stage shows its terms and the lead term's gap."""
    if not stage.get("parts"):
        gap = _gap(stage["objective"], stage["bound"])
        return f"{stage['stage']} {stage['objective']}/{stage['bound']} gap {gap}"
    (lead, value), *rest = stage["parts"].items()
    text = f"{lead} {value}/{stage['lead_bound']} gap {_gap(value, stage['lead_bound'])}"
    return " ".join([text] + [f"{name} {v}" for name, v in rest])


def _row(result: dict) -> str:
    stage1 = result["stage1_optimum_seconds"]
    parts = [
        f"{result['clients']:>5} clients seed {result['seed']}",
        f"valid={result['valid']}",
        f"first valid {result['first_valid_seconds']:.1f}s",
        f"stage-1 optimum {'not proven' if stage1 is None else f'{stage1:.1f}s'}",
        f"unmet {result['unmet']} (greedy {result['greedy_unmet']})",
    ]
    for stage in result["stages"][1:]:
        parts.append(_stage_text(stage))
    parts.append(f"total {result['total_seconds']:.1f}s (cpu {result['cpu_seconds']}s)")
    parts.append(f"load {result['load_average'][0]}->{result['load_average'][1]}")
    return " | ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cairn.scheduling.solver.bench")
    parser.add_argument("--sizes", default="300", help="client counts, e.g. 300,1000")
    parser.add_argument("--seeds", default="1", help="e.g. 1,2,3")
    parser.add_argument("--time-limit", type=float, help="seconds per solve (default by size)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rooms", type=float, default=1.0, help="below 1: short of rooms")
    parser.add_argument("--json", help="write all results to this file")
    args = parser.parse_args(argv)
    results = []
    for clients in (int(x) for x in args.sizes.split(",")):
        for seed in (int(x) for x in args.seeds.split(",")):
            limit = args.time_limit or default_time_limit(clients)
            result = bench_one(
                clients, seed, time_limit=limit, workers=args.workers, rooms=args.rooms
            )
            results.append(result)
            sys.stdout.write(_row(results[-1]) + "\n")
            sys.stdout.flush()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1)
    return 0 if all(r["valid"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
