"""The bench's statistics, reporting and query-growth check (no database, no seeding)."""

from cairn.bench import solver, stats
from cairn.bench.__main__ import report
from cairn.bench.seed import matches
from cairn.testing.cases import CastTestCase


def test_percentile_is_an_observed_value_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert stats.percentile(values, 0.95) == 95.0
    assert stats.percentile(values, 0.5) == 50.0
    assert stats.percentile([3.0], 0.95) == 3.0
    assert stats.percentile([5.0, 1.0, 3.0], 1.0) == 5.0


def test_summary_reports_ms_throughput_and_the_median_query_count():
    row = stats.summarize([0.010, 0.020, 0.030, 0.040], [7, 7, 8, 7])
    assert row["median_ms"] == 25.0
    assert row["p95_ms"] == 40.0
    assert row["mean_ms"] == 25.0
    assert row["per_second"] == 40.0
    assert (row["queries"], row["queries_max"]) == (7, 8)


def test_ratio_and_target_verdict_against_the_trivial_view():
    pages = {
        "fast": {"per_second": 50.0, "p95_ms": 40.0},
        "slow": {"per_second": 10.0, "p95_ms": 90.0},
        "late": {"per_second": 80.0, "p95_ms": 151.0},
        "absent": {"skipped": "skipped: not available"},
    }
    stats.add_ratios(pages, {"per_second": 100.0})
    assert (pages["fast"]["ratio"], pages["fast"]["meets_target"]) == (0.5, True)
    assert (pages["slow"]["ratio"], pages["slow"]["meets_target"]) == (0.1, False)
    assert pages["late"]["meets_target"] is False
    assert "ratio" not in pages["absent"]


def test_query_growth_names_each_page_that_grew_and_ignores_missing_ones():
    smaller = {"census": {"queries": 9}, "chart": {"queries": 17}, "home": {"queries": 25}}
    larger = {
        "census": {"queries": 9},
        "chart": {"queries": 21},
        "home": {"queries": 24},
        "fhir": {"queries": 3},
        "gone": {"skipped": "skipped: not available"},
    }
    assert stats.query_growth(smaller, larger, {}) == ["chart: 17 queries -> 21"]
    assert stats.query_growth(smaller, smaller, {}) == []


def test_a_documented_bounded_allowance_passes_but_growth_beyond_it_fails():
    smaller = {"staff home": {"queries": 24}}
    assert stats.query_growth(smaller, {"staff home": {"queries": 26}}, {"staff home": 2}) == []
    assert stats.query_growth(smaller, {"staff home": {"queries": 27}}, {"staff home": 2}) == [
        "staff home: 24 queries -> 27"
    ]


def test_fingerprint_reuse_ignores_the_recorded_seed_time_only():
    wanted = {"version": 1, "clients": 300, "migrations": "abc", "day": "2026-11-27"}
    assert matches({**wanted, "seed_seconds": 20.0}, wanted)
    assert not matches({**wanted, "clients": 1000}, wanted)
    assert not matches({**wanted, "migrations": "abd"}, wanted)
    assert not matches(None, wanted)
    assert not matches({}, wanted)


def test_solver_gap_and_report_lines():
    assert solver.gap(688, 678) == round(10 / 688, 4)
    assert solver.gap(0, 0) == 0.0
    assert solver.gap(None, 3) is None
    page = {"median_ms": 20.0, "p95_ms": 30.0, "per_second": 45.0, "queries": 9}
    results = {
        "size": "small",
        "machine": {"cpus": 2, "cpu_model": "Test CPU", "memory_mb": 4096, "load_average": [1.0]},
        "database": {
            "clients": 1000,
            "weeks": 104,
            "active": 60,
            "seed": {"reused": True, "seconds": 40.0},
            "rows": {"clients.Client": 1000, "portal.CheckIn": "skipped: not available"},
        },
        "pages": {"census": {**page, "ratio": 0.45, "meets_target": True}},
        "trivial": {**page, "per_second": 100.0, "queries": 5},
        "compare": {"clients": 300, "pages": {"census": {"queries": 9}}},
        "bulk_export": {"skipped": "skipped: not available (no cairn.fhir.bulk.export)"},
        "solver": [],
        "query_growth": [],
        "seconds": 12.0,
    }
    text = "\n".join(report(results))
    assert "database reused" in text
    assert "census" in text and "9/9" in text and "0.45" in text
    assert "FHIR bulk export: skipped: not available" in text
    assert "portal.CheckIn: skipped: not available" in text
    assert "no page grows" in text


def test_the_trivial_view_exists_only_in_the_bench_urlconf():
    import pytest
    from django.urls import Resolver404, resolve

    assert resolve("/bench/trivial/", urlconf="cairn.bench.urls").url_name == "bench_trivial"
    assert resolve("/clients/", urlconf="cairn.bench.urls").view_name == "clients:census"
    with pytest.raises(Resolver404):
        resolve("/bench/trivial/", urlconf="cairn.urls")


def test_it_counts_what_an_export_returns():
    from cairn.bench import hooks

    assert hooks._count(7) == 7
    assert hooks._count({"Patient": 3, "Encounter": [1, 2]}) == 5
    assert hooks._count({"counts": {"Patient": 3}, "resources": 3, "files": ["a", "b"]}) == 3


class FhirHooksTest(CastTestCase):
    """The bench's FHIR parts work against the real API: a search page with the demo system
    client's token, and the offline bulk export."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from cairn.fhir.demo import DEMO_CLIENT_ID, DEMO_SCOPES
        from cairn.fhir.registration import register_client

        register_client(
            cls.cast.program,
            name="Bench HIE",
            scopes=DEMO_SCOPES,
            purpose="treatment",
            recipient_kind="treating_provider",
            client_id=DEMO_CLIENT_ID,
            secret="bench-secret-0123456789",
        )

    def test_it_searches_with_the_demo_clients_token(self):
        from cairn.bench import hooks

        path, headers = hooks.fhir_search()
        response = self.client.get(path, **headers)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["resourceType"], "Bundle")

    def test_it_times_the_bulk_export(self):
        from cairn.bench import hooks

        result = hooks.bulk_export()
        self.assertGreater(result["resources"], 0)
        self.assertIn("resources_per_second", result)
