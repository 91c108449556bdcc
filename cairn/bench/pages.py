"""The busy pages, measured in-process with the Django test client (README.md says why).

Server time is the time of one ``Client.get``: the whole handler and middleware stack, template
rendering and SQL, without a network or a WSGI server. Pages are requested round-robin, so load
from other jobs on the machine falls on every page alike, and the trivial view is measured in
the same rounds.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.urls import reverse

from cairn.bench import fixtures, hooks
from cairn.bench.stats import summarize


@dataclass
class Page:
    name: str
    path: str
    user: str | None = None  # a demo username, or anonymous
    headers: dict = field(default_factory=dict)


@contextmanager
def counting():
    """Count the SQL statements run inside the block (no debug cursor, no stored SQL)."""
    box = [0]

    def wrapper(execute, sql, params, many, context):
        box[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield box


def busy_pages() -> tuple[list[Page], dict[str, str]]:
    """The pages of issue 14 that exist, and a reason for each that does not."""
    clinician = fixtures.staff("clinician")
    session = fixtures.group_session()
    chart = fixtures.chart_client(clinician)
    pages = [
        Page("login", reverse("accounts:login")),
        Page("staff home", reverse("core:home"), "clinician"),
        Page("census", reverse("clients:census"), "clinician"),
    ]
    skipped = {}
    if chart:
        pages.append(Page("client chart", reverse("clients:chart", args=[chart]), "clinician"))
    else:
        skipped["client chart"] = f"{hooks.SKIPPED} (no active client of 'clinician')"
    if session:
        pages.append(
            Page(
                "group attendance",
                reverse("attendance:take", args=[session.pk]),
                session.facilitator.username,
            )
        )
    else:
        skipped["group attendance"] = f"{hooks.SKIPPED} (no held group session)"
    pages.append(Page("admissions board", reverse("admissions:board"), "intake"))
    # The compliance board: weekly hours against each client's minimum (attendance's board).
    pages.append(Page("compliance board", reverse("attendance:board"), "supervisor"))
    fhir = hooks.fhir_search()
    if isinstance(fhir, str):
        skipped["FHIR search"] = fhir
    else:
        pages.append(Page("FHIR search", fhir[0], None, fhir[1]))
    return pages, skipped


def signed_in(username: str | None) -> Client:
    from cairn.testing.factories import verified_login

    client = Client()
    if username:
        verified_login(client, fixtures.staff(username))
    return client


def measure(pages: list[Page], requests: int, warmup: int = 3) -> tuple[dict, dict]:
    """(per-page summaries, trivial view summary) over ``requests`` rounds."""
    trivial = Page("trivial view", "/bench/trivial/", "clinician")
    everything = [trivial, *pages]
    clients = {page.name: signed_in(page.user) for page in everything}
    errors = {}
    for page in everything:
        for _ in range(warmup):
            response = clients[page.name].get(page.path, **page.headers)
        if response.status_code != 200:
            errors[page.name] = f"HTTP {response.status_code} for {page.path}"
    live = [page for page in everything if page.name not in errors]
    seconds = {page.name: [] for page in live}
    queries = {page.name: [] for page in live}
    for _ in range(requests):
        for page in live:
            with counting() as count:
                began = time.perf_counter()
                clients[page.name].get(page.path, **page.headers)
                seconds[page.name].append(time.perf_counter() - began)
            queries[page.name].append(count[0])
    results = {page.name: summarize(seconds[page.name], queries[page.name]) for page in live}
    for page in live:
        results[page.name]["path"] = page.path
    for name, error in errors.items():
        results[name] = {"error": error}
    baseline = results.pop("trivial view")
    return results, baseline
