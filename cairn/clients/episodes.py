"""Opening an episode of care and changing its level of care or track.

- An episode opens at admission (admissions/admission.py calls ``open_episode``): program,
  level of care (2.1 by default), track, date, primary clinician and care team, and the
  weekly-hours minimum from the program's rules (``hours.weekly_minimum``).
- A level-of-care or track change (step up to PHP, step down to outpatient, move to the
  evening track) is recorded with its date, reason and who decided; the minimum is recomputed
  for the new level. Changes are never edited afterwards: the episode shows its history.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cairn.audit.log import record
from cairn.clients.hours import weekly_minimum
from cairn.clients.models import CareTeamMember, Client, Episode, EpisodeChange, LevelOfCare
from cairn.clients.registration import CONFLICT


@dataclass(frozen=True)
class TeamMember:
    user: object
    role: str = CareTeamMember.TeamRole.CLINICIAN


def _join_team(client: Client, member: TeamMember) -> None:
    existing = CareTeamMember.objects.filter(client=client, user=member.user, active=True).first()
    if existing is None:
        CareTeamMember.objects.create(client=client, user=member.user, role=member.role)
    elif member.role == CareTeamMember.TeamRole.PRIMARY and existing.role != member.role:
        existing.role = member.role
        existing.save(update_fields=["role"])


def open_episode(
    client: Client,
    *,
    program,
    admitted_on,
    primary_clinician,
    track=None,
    level_of_care: str = LevelOfCare.IOP,
    team: list[TeamMember] = (),
    referral_source: str = "",
    referring_organization: str = "",
    by,
    request=None,
) -> Episode:
    """Open an episode for ``client`` (new or readmitted) and put the team on the care team.
    Refused when the client already has an active episode."""
    if client.episodes.filter(status=Episode.Status.ACTIVE).exists():
        raise ValidationError(f"{client.display_name} is already in an active episode of care.")
    minimum = weekly_minimum(program, level_of_care, client.date_of_birth, admitted_on)
    with transaction.atomic():
        episode = Episode.objects.create(
            client=client,
            program=program,
            level_of_care=level_of_care,
            track=track,
            admitted_on=admitted_on,
            primary_clinician=primary_clinician,
            weekly_min_hours=minimum.hours,
            weekly_min_basis=minimum.basis[:200],
            referral_source=referral_source,
            referring_organization=referring_organization,
            admitted_by=by,
        )
        _join_team(client, TeamMember(primary_clinician, CareTeamMember.TeamRole.PRIMARY))
        for member in team:
            if member.user != primary_clinician:
                _join_team(client, member)
        if client.status != Client.Status.ACTIVE:
            client.status = Client.Status.ACTIVE
            client.save(update_fields=["status"])
        record(
            "episode.open",
            request=request,
            actor=by,
            obj=episode,
            client_id=client.pk,
            detail={"level_of_care": level_of_care, "weekly_min_hours": str(minimum.hours)},
        )
    return episode


def _check_change(episode: Episode, *, level, track, effective_on) -> None:
    if episode.status != Episode.Status.ACTIVE:
        raise ValidationError("This episode has ended; changes are recorded on an active one.")
    errors = {}
    if effective_on > timezone.localdate():
        errors["effective_on"] = "Record a change on or after the day it takes effect."
    elif effective_on < episode.admitted_on:
        errors["effective_on"] = (
            f"The change can't be before the admission on {episode.admitted_on:%b %-d, %Y}."
        )
    else:
        last = episode.changes.order_by("-effective_on").first()
        if last and effective_on < last.effective_on:
            errors["effective_on"] = (
                f"The last change took effect on {last.effective_on:%b %-d, %Y}; "
                "record changes in order."
            )
    if level == episode.level_of_care and getattr(track, "pk", None) == episode.track_id:
        errors["level_of_care"] = "Nothing changes: choose a new level of care or a new track."
    if errors:
        raise ValidationError(errors)


def change_level_or_track(
    episode: Episode,
    *,
    level_of_care: str,
    track,
    effective_on,
    reason: str,
    decided_by,
    expected_version: int,
    by,
    request=None,
) -> EpisodeChange:
    """Step up, step down or move track, with the date, reason and who decided."""
    _check_change(episode, level=level_of_care, track=track, effective_on=effective_on)
    with transaction.atomic():
        locked = (
            Episode.objects.select_for_update(of=("self",))
            .select_related("client")
            .get(pk=episode.pk)
        )
        if locked.version != expected_version:
            raise ValidationError(CONFLICT, code="conflict")
        minimum = weekly_minimum(
            locked.program, level_of_care, locked.client.date_of_birth, effective_on
        )
        change = EpisodeChange.objects.create(
            episode=locked,
            effective_on=effective_on,
            from_level=locked.level_of_care,
            to_level=level_of_care,
            from_track=locked.track,
            to_track=track,
            from_weekly_min_hours=locked.weekly_min_hours,
            to_weekly_min_hours=minimum.hours,
            reason=reason,
            decided_by=decided_by,
            recorded_by=by,
        )
        locked.level_of_care, locked.track = level_of_care, track
        locked.weekly_min_hours, locked.weekly_min_basis = minimum.hours, minimum.basis[:200]
        locked.version += 1
        locked.save(
            update_fields=[
                "level_of_care",
                "track",
                "weekly_min_hours",
                "weekly_min_basis",
                "version",
            ]
        )
        record(
            "episode.change",
            request=request,
            actor=by,
            obj=change,
            client_id=locked.client_id,
            program_id=locked.program_id,
            detail={
                "episode": locked.pk,
                "from_level": change.from_level,
                "to_level": change.to_level,
                "track_changed": change.track_changed,
            },
        )
    return change
