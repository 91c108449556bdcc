"""Census and caseload queries. They refine querysets the door already scoped
(``access.clients_for`` / ``access.scope``); each page makes a fixed number of queries whatever
the number of clients (tests assert it)."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet

from cairn.accounts.models import StaffRole, User
from cairn.accounts.roles import CARE_ROLES
from cairn.clients.models import Client, Episode, LevelOfCare

#: Rows listed under "this week's admissions/discharges" before "and N more".
WEEK_LIST_LIMIT = 50


def with_active_episode(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Attach ``active_episodes`` (track and primary clinician loaded) in one extra query."""
    return clients.prefetch_related(
        Prefetch(
            "episodes",
            queryset=Episode.objects.filter(status=Episode.Status.ACTIVE).select_related(
                "track", "primary_clinician"
            ),
            to_attr="active_episodes",
        )
    )


def search(clients: QuerySet[Client], text: str) -> QuerySet[Client]:
    if not text:
        return clients
    return clients.filter(
        Q(last_name__icontains=text)
        | Q(first_name__icontains=text)
        | Q(preferred_name__icontains=text)
        | Q(mrn=text)
    )


def week_of(day):
    """Monday to Sunday around ``day`` (DESIGN.md: weeks start Monday)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def summary(episodes: QuerySet[Episode], program, today) -> dict:
    """Active clients by track, primary clinician and level of care; this week's admissions
    and discharges. ``episodes`` is already scoped by the door. Five queries."""
    in_program = episodes.filter(program=program)
    active = in_program.filter(status=Episode.Status.ACTIVE).order_by()
    by_track = list(
        active.values("track_id", "track__name")
        .annotate(n=Count("pk"))
        .order_by("track__start_time", "track__name")
    )
    by_clinician = list(
        active.values(
            "primary_clinician_id", "primary_clinician__first_name", "primary_clinician__last_name"
        )
        .annotate(n=Count("pk"))
        .order_by("primary_clinician__last_name", "primary_clinician__first_name")
    )
    levels = dict(active.values_list("level_of_care").annotate(n=Count("pk")))
    by_level = [
        {"level": level, "label": label, "n": levels[level]}
        for level, label in LevelOfCare.choices
        if levels.get(level)
    ]
    monday, sunday = week_of(today)
    admitted = list(
        in_program.filter(admitted_on__range=(monday, sunday))
        .select_related("client", "track")
        .order_by("-admitted_on", "client__last_name")[: WEEK_LIST_LIMIT + 1]
    )
    discharged = list(
        in_program.filter(discharged_on__range=(monday, sunday))
        .select_related("client")
        .order_by("-discharged_on", "client__last_name")[: WEEK_LIST_LIMIT + 1]
    )
    return {
        "total": sum(levels.values()),
        "by_track": by_track,
        "by_clinician": by_clinician,
        "by_level": by_level,
        "week": (monday, sunday),
        "admitted": admitted[:WEEK_LIST_LIMIT],
        "admitted_more": len(admitted) > WEEK_LIST_LIMIT,
        "discharged": discharged[:WEEK_LIST_LIMIT],
        "discharged_more": len(discharged) > WEEK_LIST_LIMIT,
    }


def staff_queryset(program, roles=CARE_ROLES) -> QuerySet:
    """Active staff holding one of ``roles`` in the program, by name (for choosers)."""
    return (
        User.objects.filter(
            is_active=True,
            kind=User.Kind.STAFF,
            role_assignments__program=program,
            role_assignments__role__in=list(roles),
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def care_staff(program) -> list:
    """Staff who may carry a caseload in the program (clinicians, supervisors, prescribers)."""
    roles = StaffRole.objects.filter(program=program, role__in=CARE_ROLES).select_related("user")
    seen, people = set(), []
    for role in roles.order_by("user__last_name", "user__first_name"):
        if role.user_id not in seen and role.user.is_active:
            seen.add(role.user_id)
            people.append(role.user)
    return people


def caseloads(episodes: QuerySet[Episode], program) -> list[dict]:
    """Every care-staff member with the number of active clients they are primary for, by
    level of care. Two queries."""
    counted = (
        episodes.filter(program=program, status=Episode.Status.ACTIVE)
        .order_by()
        .values("primary_clinician_id")
        .annotate(
            total=Count("pk"),
            iop=Count("pk", filter=Q(level_of_care=LevelOfCare.IOP)),
            php=Count("pk", filter=Q(level_of_care=LevelOfCare.PHP)),
            outpatient=Count("pk", filter=Q(level_of_care=LevelOfCare.OUTPATIENT)),
        )
    )
    by_user = {row["primary_clinician_id"]: row for row in counted}
    empty = {"total": 0, "iop": 0, "php": 0, "outpatient": 0}
    return [
        {"user": user, **{k: by_user.get(user.pk, empty)[k] for k in empty}}
        for user in care_staff(program)
    ]


def caseload(episodes: QuerySet[Episode], program, clinician_id: int) -> list[Episode]:
    """One clinician's active clients (primary clinician), by name. One query."""
    return list(
        episodes.filter(
            program=program, status=Episode.Status.ACTIVE, primary_clinician_id=clinician_id
        )
        .select_related("client", "track")
        .order_by("client__last_name", "client__first_name")
    )
