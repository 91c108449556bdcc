"""Print views and PDFs from the same templates (DESIGN.md: WeasyPrint from the same HTML).

The print templates are standalone pages: the browser shows them with a small toolbar and
prints them on one page; WeasyPrint renders the same template (``pdf`` set, toolbar left out)
with the same stylesheet. WeasyPrint fetches nothing: the stylesheet is handed to it from the
static files, and every other URL is refused (no network, nothing outside the app)."""

import logging
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from cairn.plans.documents import load_problems, relapse_sections
from cairn.plans.models import RelapsePreventionVersion, TreatmentPlanVersion
from cairn.plans.models.relapse import TRIGGER_FIELDS

# WeasyPrint reports every rendering step at INFO; keep the log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@cache
def _stylesheet(name: str):
    from weasyprint import CSS

    return CSS(filename=finders.find(f"plans/{name}"))


def render_pdf(template: str, context: dict, stylesheet: str = "print.css") -> bytes:
    # Imported here: loading WeasyPrint takes a while and only PDF requests need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {**context, "pdf": True})
    document = HTML(
        string=html,
        base_url="about:blank",
        url_fetcher=URLFetcher(allowed_protocols=["data"]),
    )
    return document.write_pdf(stylesheets=[_stylesheet(stylesheet)])


def treatment_context(version: TreatmentPlanVersion) -> dict:
    plan = version.plan
    return {
        "version": version,
        "plan": plan,
        "client": plan.client,
        "program": plan.program,
        "episode": plan.episode,
        "problems": load_problems(version),
        "printed_at": timezone.localtime(),
    }


def relapse_context(version: RelapsePreventionVersion) -> dict:
    plan = version.plan
    sections = {name: (heading, entries) for name, heading, entries in relapse_sections(version)}
    return {
        "version": version,
        "plan": plan,
        "client": plan.client,
        "program": plan.program,
        "sections": sections,
        "triggers": [sections[name] for name in TRIGGER_FIELDS],
        "printed_at": timezone.localtime(),
    }


def treatment_pdf(version: TreatmentPlanVersion) -> bytes:
    return render_pdf("plans/print/treatment.html", treatment_context(version))


def relapse_pdf(version: RelapsePreventionVersion) -> bytes:
    return render_pdf("plans/print/relapse.html", relapse_context(version))


def wallet_card_pdf(version: RelapsePreventionVersion) -> bytes:
    return render_pdf("plans/print/wallet_card.html", relapse_context(version), "wallet.css")


def relapse_section_html(version: RelapsePreventionVersion) -> str:
    """The plan's body alone, to embed in another printable page (the discharge packet)."""
    return render_to_string("plans/print/_relapse_body.html", relapse_context(version))
