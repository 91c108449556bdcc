"""Statistics, targets, the query-growth check and the stdout table (no Django here)."""

import math
import statistics

#: Issue 14's targets on the 2-core machine, PostgreSQL, 10,000 clients.
P95_TARGET_MS = 150.0
RATIO_TARGET = 0.25


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list: an observed value."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarize(seconds: list[float], queries: list[int]) -> dict:
    """Median and 95th percentile in ms, mean, requests per second (one process), queries."""
    mean = statistics.fmean(seconds)
    return {
        "requests": len(seconds),
        "median_ms": round(1000 * statistics.median(seconds), 2),
        "p95_ms": round(1000 * percentile(seconds, 0.95), 2),
        "mean_ms": round(1000 * mean, 2),
        "per_second": round(1 / mean, 1) if mean else None,
        "queries": round(statistics.median(queries)),
        "queries_max": max(queries),
    }


def add_ratios(pages: dict[str, dict], baseline: dict) -> None:
    """Each page's throughput as a share of the trivial view's, and its target verdict."""
    for page in pages.values():
        if "per_second" not in page:
            continue
        page["ratio"] = round(page["per_second"] / baseline["per_second"], 3)
        page["meets_target"] = page["p95_ms"] < P95_TARGET_MS and page["ratio"] >= RATIO_TARGET


#: Queries a page may add with more data *by design*, bounded whatever the size, with why.
#: An N+1 adds one query per row and still fails the check.
BOUNDED = {
    # clients/panels.py "My tasks": the total and overdue counts are queried only when the
    # panel is full (at most three queries); a small caseload shows every task without them.
    "staff home": 2,
}


def query_growth(
    smaller: dict[str, dict], larger: dict[str, dict], bounded: dict[str, int] = BOUNDED
) -> list[str]:
    """Pages whose query count grew from the smaller database to the larger one (beyond their
    documented bounded allowance), in words."""
    grown = []
    for name, page in larger.items():
        before = smaller.get(name, {})
        if "queries" not in page or "queries" not in before:
            continue
        if page["queries"] > before["queries"] + bounded.get(name, 0):
            grown.append(f"{name}: {before['queries']} queries -> {page['queries']}")
    return grown


def table(pages: dict[str, dict], baseline: dict, smaller: dict | None = None) -> list[str]:
    """The short stdout table: one line per page, trivial view first."""
    head = f"{'page':<20} {'median':>8} {'p95':>8} {'req/s':>7} {'ratio':>6} {'queries':>9}  "
    lines = [head + "target", "-" * (len(head) + 6)]

    def line(name, row, verdict):
        queries = str(row["queries"])
        if smaller and name in smaller and "queries" in smaller[name]:
            queries = f"{smaller[name]['queries']}/{row['queries']}"
        ratio = f"{row['ratio']:.2f}" if "ratio" in row else "1.00"
        return (
            f"{name:<20} {row['median_ms']:>6.1f}ms {row['p95_ms']:>6.1f}ms "
            f"{row['per_second']:>7.1f} {ratio:>6} {queries:>9}  {verdict}"
        )

    lines.append(line("trivial view", baseline, "baseline"))
    for name, row in pages.items():
        if "skipped" in row:
            lines.append(f"{name:<20} {row['skipped']}")
        elif "error" in row:
            lines.append(f"{name:<20} error: {row['error']}")
        else:
            lines.append(line(name, row, "ok" if row.get("meets_target") else "MISSED"))
    return lines
