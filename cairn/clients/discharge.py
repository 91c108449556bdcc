"""Discharge: date, type, summary, aftercare plan, and the 30/60/90-day check-ins.

Rules: the discharge date is on or after the admission (also a database constraint) and not in
the future; a summary is required. Discharging raises three check-in tasks on the primary
clinician's task list (the discharging user's when there is none), due 30, 60 and 90 days after
discharge; completing each with a note records the check-in. The care team stays on the chart
so the clinician can open it for those check-ins.

The discharge packet (``packet_sections``) is the printable summary handed to the client. Other
apps add sections to it — the plans app adds the relapse-prevention plan — with
``add_packet_section`` in their ``AppConfig.ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cairn.audit.log import record
from cairn.clients.models import AftercareItem, Client, Episode
from cairn.clients.registration import CONFLICT
from cairn.worklist.models import Priority
from cairn.worklist.operations import raise_task

CHECK_IN_DAYS = (30, 60, 90)
CHECK_IN_KIND = "discharge_check_in"


def _check(episode: Episode, discharged_on, summary: str) -> None:
    if episode.status != Episode.Status.ACTIVE:
        raise ValidationError("This episode has already been discharged.")
    errors = {}
    if discharged_on < episode.admitted_on:
        errors["discharged_on"] = (
            f"The discharge can't be before the admission on {episode.admitted_on:%b %-d, %Y}."
        )
    elif discharged_on > timezone.localdate():
        errors["discharged_on"] = "A discharge can't be dated in the future."
    if not summary.strip():
        errors["summary"] = "Write a discharge summary."
    if errors:
        raise ValidationError(errors)


def discharge_episode(
    episode: Episode,
    *,
    discharged_on,
    discharge_type: str,
    summary: str,
    aftercare: list[dict],
    expected_version: int,
    by,
    request=None,
) -> Episode:
    """Close the episode with its aftercare plan and raise the follow-up check-ins."""
    _check(episode, discharged_on, summary)
    with transaction.atomic():
        locked = (
            Episode.objects.select_for_update(of=("self",))
            .select_related("client", "program", "primary_clinician")
            .get(pk=episode.pk)
        )
        if locked.version != expected_version:
            raise ValidationError(CONFLICT, code="conflict")
        locked.status = Episode.Status.DISCHARGED
        locked.discharged_on = discharged_on
        locked.discharge_type = discharge_type
        locked.discharge_summary = summary
        locked.discharged_by = by
        locked.discharge_recorded_at = timezone.now()
        locked.version += 1
        locked.save()
        AftercareItem.objects.bulk_create(
            AftercareItem(episode=locked, position=n, **item) for n, item in enumerate(aftercare)
        )
        client = locked.client
        client.status = Client.Status.DISCHARGED
        client.save(update_fields=["status"])
        _raise_check_ins(locked, owner=locked.primary_clinician or by)
        record(
            "episode.discharge",
            request=request,
            actor=by,
            obj=locked,
            client_id=client.pk,
            detail={"type": discharge_type, "aftercare_items": len(aftercare)},
        )
    return locked


def _raise_check_ins(episode: Episode, *, owner) -> None:
    zone = episode.program.tz
    url = reverse("clients:episodes", kwargs={"client_id": episode.client_id})
    for days in CHECK_IN_DAYS:
        due = datetime.combine(episode.discharged_on + timedelta(days=days), time(17), zone)
        raise_task(
            program_id=episode.program_id,
            owner=owner,
            kind=CHECK_IN_KIND,
            title=f"{days}-day check-in after discharge",
            detail="Reach the client, ask how recovery is going and whether the aftercare plan "
            "is working; note what you learned when you complete this task.",
            due_at=due,
            client=episode.client,
            priority=Priority.NORMAL,
            source=f"episode:{episode.pk}:check-in:{days}",
            url=url,
        )


# ---------------------------------------------------------------------------------------------
# The discharge packet's sections (a hook for other apps)


@dataclass(frozen=True)
class PacketSection:
    """A section of the discharge packet: ``render(request, episode)`` returns HTML, or "" to
    leave the section out (e.g. no relapse-prevention plan yet)."""

    key: str
    title: str
    render: Callable
    order: int = 50


_PACKET_SECTIONS: list[PacketSection] = []


def add_packet_section(section: PacketSection) -> None:
    if all(existing.key != section.key for existing in _PACKET_SECTIONS):
        _PACKET_SECTIONS.append(section)
        _PACKET_SECTIONS.sort(key=lambda s: s.order)


def packet_sections(request, episode: Episode) -> list[dict]:
    """The other apps' sections for this episode's packet, rendered, empty ones left out."""
    rendered = []
    for section in _PACKET_SECTIONS:
        html = section.render(request, episode)
        if html:
            rendered.append({"key": section.key, "title": section.title, "html": html})
    return rendered
