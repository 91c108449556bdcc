"""Solver figures on generated weeks (``cairn.scheduling.solver.generate``), via the solver's
own benchmark (``cairn.scheduling.solver.bench.bench_one``): every figure is recomputed from the
checked solution."""


def gap(value, bound) -> float | None:
    """Relative gap of a minimized value to its proven lower bound (0.0 = proven optimal)."""
    if value is None or bound is None:
        return None
    return round((value - bound) / max(abs(value), 1), 4)


def figures(result: dict) -> dict:
    """The issue's figures from one ``bench_one`` result."""
    stages = {stage["stage"]: stage for stage in result["stages"]}
    unmet = stages.get("unmet", {})
    out = {
        "clients": result["clients"],
        "staff": result["staff"],
        "seed": result["seed"],
        "time_limit": result["time_limit"],
        "valid": result["valid"],
        "first_valid_seconds": result["first_valid_seconds"],
        # Every satisfiable requirement met = stage 1 at its proven optimum.
        "all_satisfiable_met_seconds": result["stage1_optimum_seconds"],
        "unmet": result["unmet"],
        "greedy_unmet": result["greedy_unmet"],
        "unmet_gap": gap(unmet.get("objective"), unmet.get("bound")),
        "total_seconds": result["total_seconds"],
        "cpu_seconds": result["cpu_seconds"],
        "load_average": result["load_average"],
    }
    preferences = stages.get("preferences")
    if preferences and preferences.get("parts"):
        (lead, value), *_ = preferences["parts"].items()
        out["final_term"] = lead
        out["final_value"] = value
        out["final_bound"] = preferences.get("lead_bound")
        out["final_gap"] = gap(value, preferences.get("lead_bound"))
    return out


def run(clients: int, time_limit: float, *, seed: int = 1, workers: int = 2) -> dict:
    from cairn.scheduling.solver.bench import bench_one

    return figures(bench_one(clients, seed, time_limit=time_limit, workers=workers))


def line(row: dict) -> str:
    met = row["all_satisfiable_met_seconds"]
    final = ""
    if "final_gap" in row and row["final_gap"] is not None:
        final = (
            f", {row['final_term']} {row['final_value']}/{row['final_bound']} "
            f"gap {100 * row['final_gap']:.1f}%"
        )
    return (
        f"solver {row['clients']:>5} clients: first valid {row['first_valid_seconds']:.1f} s, "
        f"all satisfiable met {'not proven' if met is None else f'{met:.1f} s'} "
        f"(unmet {row['unmet']}, greedy {row['greedy_unmet']}){final}; "
        f"{row['total_seconds']:.0f} s limit {row['time_limit']:.0f} s"
    )
