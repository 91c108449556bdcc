"""Queries of one client's scheduling facts. Callers pass a client the door already authorized
(``access.client_for``), or scope the returned queryset with ``access.scope``."""

from django.db.models import Q, QuerySet

from cairn.scheduling.models import (
    CalendarFeed,
    ClientScheduleNeeds,
    ClientUnavailability,
    KeepApart,
    ScheduleSettings,
    Session,
    SessionParticipant,
)


def unavailability(client) -> QuerySet:
    return ClientUnavailability.objects.filter(client=client)


def needs(client) -> ClientScheduleNeeds:
    """The client's own needs, or (unsaved) the program's defaults."""
    found = ClientScheduleNeeds.objects.filter(client=client).first()
    if found:
        return found
    settings = ScheduleSettings.for_program(client.program)
    return ClientScheduleNeeds(
        client=client,
        individual_sessions=settings.individual_sessions,
        family_sessions=settings.family_sessions,
        min_days=settings.client_min_days,
        max_days=settings.client_max_days,
        max_hours=settings.client_max_hours,
    )


def pairs_of(client) -> QuerySet:
    return KeepApart.objects.filter(
        Q(client_a=client) | Q(client_b=client), ended_at__isnull=True
    ).select_related("client_a", "client_b")


def active_pairs(program) -> QuerySet:
    """The program's keep-apart pairs: scope with ``access.scope`` on both clients."""
    return KeepApart.objects.filter(program=program, ended_at__isnull=True).select_related(
        "client_a", "client_b", "created_by"
    )


def active_feed(client) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(client=client, revoked_at__isnull=True).first()


def client_feeds(client) -> QuerySet:
    return CalendarFeed.objects.filter(client=client, revoked_at__isnull=True)


def booked_sessions(client) -> QuerySet:
    booked = SessionParticipant.objects.filter(client=client, cancelled=False)
    return Session.objects.filter(pk__in=booked.values("session_id"))
