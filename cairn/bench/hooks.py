"""Parts measured only when the app that owns them is there (FHIR, issue 13; portal check-ins,
issue 11). Each hook answers what to measure, or a "skipped: not available ..." line saying
what is missing, so the lead can finish it after merging."""

SKIPPED = "skipped: not available"
FHIR_SEARCH = "/fhir/R4/Patient"


def fhir_search() -> tuple[str, dict] | str:
    """(path, headers) for the FHIR search page, or why it is skipped.

    The FHIR API takes OAuth2 client-credentials tokens. The bench needs one access token for a
    system client allowed ``system/Patient.rs``: ``cairn.fhir.bench.bearer_token()`` (to be
    added with the FHIR app) returns it; the request then carries ``Authorization: Bearer``.
    """
    from django.urls import Resolver404, resolve

    try:
        resolve(FHIR_SEARCH)
    except Resolver404:
        return f"{SKIPPED} (no {FHIR_SEARCH} route)"
    try:
        from cairn.fhir.bench import bearer_token
    except ImportError:
        return f"{SKIPPED} (no cairn.fhir.bench.bearer_token() to get an access token)"
    return f"{FHIR_SEARCH}?_count=50", {"HTTP_AUTHORIZATION": f"Bearer {bearer_token()}"}


def bulk_export() -> dict:
    """FHIR bulk export of the whole program: resources per second, or why it is skipped.

    ``cairn.fhir.bulk.export(program, out_dir=…)`` writes one NDJSON file per type (the
    offline export of ``manage.py fhir_export``) and returns ``{"resources": n, …}``.
    """
    import tempfile
    import time

    try:
        from cairn.fhir.bulk import export
    except ImportError:
        return {"skipped": f"{SKIPPED} (no cairn.fhir.bulk.export)"}
    from cairn.core.models import Program

    program = Program.objects.order_by("pk").first()
    began = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="cairn-bench-export-") as out_dir:
            result = export(program, out_dir=out_dir)
    except TypeError as error:  # the signature changed: say so rather than guess
        return {"skipped": f"{SKIPPED} (cairn.fhir.bulk.export(program): {error})"}
    seconds = time.perf_counter() - began
    resources = _count(result)
    return {
        "resources": resources,
        "seconds": round(seconds, 3),
        "resources_per_second": round(resources / seconds, 1) if resources and seconds else None,
    }


def _count(result) -> int | None:
    if isinstance(result, int):
        return result
    if isinstance(result, dict) and isinstance(result.get("resources"), int):
        return result["resources"]
    if isinstance(result, dict):
        return sum(_count(v) or 0 for v in result.values())
    if isinstance(result, list | tuple):
        return len(result)
    return getattr(result, "resources", None)


def check_ins() -> int | str:
    """Portal check-ins seeded by the portal's demo seed, if the portal has them."""
    from django.apps import apps

    try:
        model = apps.get_model("portal", "CheckIn")
    except LookupError:
        return f"{SKIPPED} (no portal.CheckIn model)"
    return model.objects.count()
