"""Command line: `python -m cairn.scheduling.solver solve|check ...` (see the contract).

Exit codes: 0 success (solve: a valid schedule was produced, even with unmet requirements;
check: no hard constraint is violated), 1 no valid schedule / violations found, 2 bad input
(one line on stderr naming the field, never a traceback).
"""

import argparse
import json
import sys

from .check import check
from .errors import InstanceError
from .instance import load_instance
from .solve import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, solve

BAD_INPUT = 2
MAX_WARNINGS = 10


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "solve":
            return _solve(args)
        return _check(args)
    except InstanceError as error:
        sys.stderr.write(f"error: {error}\n")
        return BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cairn.scheduling.solver")
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="optimize a weekly schedule")
    solve_cmd.add_argument("instance")
    solve_cmd.add_argument("-o", "--output", help="write the solution here (default: stdout)")
    solve_cmd.add_argument("--time-limit", type=_positive, default=DEFAULT_TIME_LIMIT)
    solve_cmd.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    solve_cmd.add_argument("--seed", type=int, default=1)
    solve_cmd.add_argument(
        "--deterministic",
        action="store_true",
        help="repeatable result: the time limit counts CP-SAT deterministic time",
    )
    check_cmd = commands.add_parser("check", help="check a solution against an instance")
    check_cmd.add_argument("instance")
    check_cmd.add_argument("solution")
    return parser


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def read_json(path: str, what: str) -> object:
    """Load a JSON file; any failure is an InstanceError naming the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise InstanceError(path, f"cannot read {what} file ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InstanceError(path, f"{what} file is not valid JSON ({error})") from None


def _solve(args) -> int:
    instance = load_instance(read_json(args.instance, "instance"))
    solution = solve(
        instance,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        deterministic=args.deterministic,
    )
    text = json.dumps(solution, indent=1) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    for line in _summary(solution):
        sys.stderr.write(line + "\n")
    return 0 if solution["status"] in ("optimal", "feasible") else 1


def _summary(solution: dict) -> list[str]:
    lines = [
        f"status {solution['status']}: {len(solution['sessions'])} sessions, "
        f"{len(solution['unmet'])} unmet requirements, {solution['solve_seconds']} s"
    ]
    lines += [f"reason: {r}" for r in solution.get("reasons", [])]
    warnings = solution.get("warnings", [])
    lines += [f"warning: {w}" for w in warnings[:MAX_WARNINGS]]
    if len(warnings) > MAX_WARNINGS:
        lines.append(f"... and {len(warnings) - MAX_WARNINGS} more warnings in the solution file")
    return lines


def _check(args) -> int:
    instance = load_instance(read_json(args.instance, "instance"))
    report = check(instance, read_json(args.solution, "solution"))
    for line in report.lines():
        sys.stdout.write(line + "\n")
    unmet = len(report.unmet)
    verdict = "valid" if report.ok else f"INVALID: {len(report.violations)} violations"
    sys.stdout.write(f"{verdict}; {unmet} unmet requirements\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
