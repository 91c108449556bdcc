"""Managing a client's care team after admission: add someone, remove someone, change the
primary clinician. Each is one transaction with its audit event (STYLE.md convention 2); a
refusal raises ``ValidationError`` on the form field concerned and writes nothing.

- Who may join: active staff holding a care role (clinician, supervisor, prescriber) in the
  client's program; the primary clinician is a clinician or supervisor.
- Nobody is deleted: removing someone marks the membership inactive with who and when. The
  access policy reads active members, so a removal ends that person's care-team access at once.
- The primary clinician (the episode's ``primary_clinician`` and the team role "primary") is
  changed, never removed: the previous primary stays on the team as a clinician. It is who
  gets absence outreach, safety and check-in tasks from now on; tasks already raised stay
  with whoever holds them.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cairn.accounts.roles import CARE_ROLES, Role
from cairn.audit.log import record
from cairn.clients.census import staff_queryset
from cairn.clients.models import CareTeamMember, Client, Episode
from cairn.clients.registration import CONFLICT

PRIMARY = CareTeamMember.TeamRole.PRIMARY
#: Roles that may be the primary clinician.
PRIMARY_ROLES = frozenset({Role.CLINICIAN, Role.SUPERVISOR})


def team_candidates(program):
    """Staff who may join a care team in ``program``."""
    return staff_queryset(program, CARE_ROLES)


def primary_candidates(program):
    return staff_queryset(program, PRIMARY_ROLES)


def members(client: Client):
    """The active members, primary first, then by name."""
    return sorted(
        client.care_team.filter(active=True).select_related("user", "added_by"),
        key=lambda m: (m.role != PRIMARY, m.user.last_name, m.user.first_name, m.pk),
    )


def former_members(client: Client):
    return (
        client.care_team.filter(active=False)
        .select_related("user", "removed_by")
        .order_by("-removed_at", "-pk")
    )


def _active_episode(client: Client, *, lock: bool = False) -> Episode | None:
    episodes = Episode.objects.filter(client=client, status=Episode.Status.ACTIVE)
    if lock:
        episodes = episodes.select_for_update()
    return episodes.first()


def add_member(client: Client, user, role: str, *, by, request=None) -> CareTeamMember:
    """Put ``user`` on the care team in ``role`` (any team role but primary)."""
    if role == PRIMARY or role not in CareTeamMember.TeamRole.values:
        raise ValidationError({"role": "Choose a role; change the primary clinician below."})
    if not team_candidates(client.program).filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": "Choose a clinician, supervisor or prescriber of this program."}
        )
    if client.care_team.filter(user=user, active=True).exists():
        raise ValidationError({"user": f"{user.display_name} is already on the care team."})
    try:
        with transaction.atomic():
            member = CareTeamMember.objects.create(client=client, user=user, role=role, added_by=by)
            record(
                "care_team.add",
                request=request,
                actor=by,
                obj=member,
                client_id=client.pk,
                program_id=client.program_id,
                detail={"user": user.pk, "role": role},
            )
    except IntegrityError:  # someone added them a moment ago
        raise ValidationError(
            {"user": f"{user.display_name} is already on the care team."}
        ) from None
    return member


def remove_member(member: CareTeamMember, *, by, request=None) -> CareTeamMember:
    """Take someone off the care team (the membership stays, inactive)."""
    with transaction.atomic():
        locked = (
            CareTeamMember.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=member.pk)
        )
        if not locked.active:
            raise ValidationError(f"{locked.user.display_name} is no longer on the care team.")
        if locked.role == PRIMARY:
            raise ValidationError(
                f"{locked.user.display_name} is the primary clinician: choose a new primary "
                "clinician first."
            )
        locked.active = False
        locked.removed_at = timezone.now()
        locked.removed_by = by
        locked.save(update_fields=["active", "removed_at", "removed_by"])
        record(
            "care_team.remove",
            request=request,
            actor=by,
            obj=locked,
            client_id=locked.client_id,
            detail={"user": locked.user_id, "role": locked.role},
        )
    return locked


def current_primary(client: Client):
    episode = _active_episode(client)
    if episode is not None and episode.primary_clinician_id:
        return episode.primary_clinician
    member = client.care_team.filter(active=True, role=PRIMARY).select_related("user").first()
    return member.user if member else None


def change_primary(
    client: Client, user, *, by, expected_version: int | None = None, request=None
) -> CareTeamMember:
    """Make ``user`` the primary clinician of the client (and of the active episode, whose
    ``version`` guards against a concurrent change)."""
    if not primary_candidates(client.program).filter(pk=user.pk).exists():
        raise ValidationError({"user": "Choose a clinician or supervisor of this program."})
    with transaction.atomic():
        episode = _active_episode(client, lock=True)
        stale = expected_version is not None and episode and episode.version != expected_version
        if stale:
            raise ValidationError(CONFLICT, code="conflict")
        team = list(client.care_team.select_for_update().filter(active=True))
        mine = next((m for m in team if m.user_id == user.pk), None)
        was = episode.primary_clinician_id if episode else None
        if mine is not None and mine.role == PRIMARY and (episode is None or was == user.pk):
            raise ValidationError(
                {"user": f"{user.display_name} is already the primary clinician."}
            )
        previous = [m for m in team if m.role == PRIMARY and m.user_id != user.pk]
        for member in previous:
            member.role = CareTeamMember.TeamRole.CLINICIAN
            member.save(update_fields=["role"])
        member = mine
        if member is None:
            member = CareTeamMember.objects.create(
                client=client, user=user, role=PRIMARY, added_by=by
            )
        elif member.role != PRIMARY:
            member.role = PRIMARY
            member.save(update_fields=["role"])
        if episode is not None:
            episode.primary_clinician = user
            episode.version += 1
            episode.save(update_fields=["primary_clinician", "version"])
        record(
            "care_team.primary",
            request=request,
            actor=by,
            obj=member,
            client_id=client.pk,
            program_id=client.program_id,
            detail={
                "from": [m.user_id for m in previous] or ([was] if was else []),
                "to": user.pk,
                "episode": episode.pk if episode else None,
            },
        )
    return member
