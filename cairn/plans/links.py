"""How other apps link to the plans (the small interfaces the issue asks for).

**Notes pick the objectives they addressed.** The notes app adds
``addressed_objectives = models.ManyToManyField("plans.Objective", blank=True)`` to its note,
offers ``objectives_to_address(client)`` as the choices, and registers a provider so each
objective's page lists the notes::

    # cairn/notes/apps.py, in ready()
    from cairn.plans.links import RelatedRecord, register_related_records
    register_related_records(notes_for_objectives)

    # cairn/notes/<module>.py
    def notes_for_objectives(client, objectives):
        for note in Note.objects.filter(client=client, addressed_objectives__in=objectives)...:
            for objective in <that note's objectives among ``objectives``>:
                yield RelatedRecord(objective.key, note.date, "Note", note.title, url)

A provider gets an authorized client and the ``Objective`` rows of every version sharing the
keys on the page (a note linked to an objective in version 2 still shows under it in version
3), and yields ``RelatedRecord``s. The assessments app can do the same (e.g. a PHQ-9 under a
depression objective). Providers should run a fixed number of queries.

**The discharge packet** pulls the latest relapse-prevention plan: ``latest_relapse_plan(client)``
(the active version, else the latest the clinician signed; never a draft), ``relapse_plan_html``
and ``relapse_plan_pdf`` for it. ``apps.py`` registers the packet section when the clients app
offers ``cairn.clients.discharge.add_packet_section``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from cairn.plans.models import (
    Objective,
    RelapsePreventionVersion,
    TreatmentPlanVersion,
    VersionStatus,
)


@dataclass(frozen=True)
class RelatedRecord:
    objective_key: UUID
    on: date
    kind: str  # "Note", "Assessment"…
    title: str
    url: str = ""
    detail: str = ""


_PROVIDERS: list[Callable] = []


def register_related_records(provider: Callable[..., Iterable[RelatedRecord]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def related_records(client, objectives: list[Objective]) -> dict[UUID, list[RelatedRecord]]:
    """Every provider's records for these objectives, by objective key, newest first."""
    found: dict[UUID, list[RelatedRecord]] = {}
    if not objectives:
        return found
    for provider in _PROVIDERS:
        for item in provider(client, objectives):
            found.setdefault(item.objective_key, []).append(item)
    for items in found.values():
        items.sort(key=lambda r: r.on, reverse=True)
    return found


def current_treatment_version(client) -> TreatmentPlanVersion | None:
    """The plan in force: the active version, else the latest one the clinician signed."""
    versions = TreatmentPlanVersion.objects.filter(
        plan__client=client, plan__episode__status="active", clinician_signed_at__isnull=False
    )
    return (
        versions.filter(status=VersionStatus.ACTIVE).first()
        or versions.order_by("-clinician_signed_at").first()
    )


def objectives_to_address(client) -> list[Objective]:
    """Objectives a note may say it addressed: the open objectives of the plan in force."""
    version = current_treatment_version(client)
    if version is None:
        return []
    return list(
        Objective.objects.filter(version=version, met_on__isnull=True)
        .select_related("goal")
        .order_by("goal__problem__position", "goal__position", "position", "id")
    )


def latest_relapse_plan(client) -> RelapsePreventionVersion | None:
    versions = RelapsePreventionVersion.objects.filter(
        plan__client=client, clinician_signed_at__isnull=False
    ).select_related("plan", "plan__client", "plan__program")
    return (
        versions.filter(status=VersionStatus.ACTIVE).first()
        or versions.order_by("-clinician_signed_at").first()
    )


def relapse_plan_html(version: RelapsePreventionVersion) -> str:
    from cairn.plans.pdf import relapse_section_html

    return relapse_section_html(version)


def relapse_plan_pdf(version: RelapsePreventionVersion) -> bytes:
    from cairn.plans.pdf import relapse_pdf

    return relapse_pdf(version)


def discharge_packet_section(request, episode) -> str:
    """The packet section (``cairn.clients.discharge.PacketSection.render``)."""
    version = latest_relapse_plan(episode.client)
    return relapse_plan_html(version) if version else ""
