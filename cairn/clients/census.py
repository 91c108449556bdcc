"""Census queries. They refine querysets the door already scoped (``access.clients_for``)."""

from django.db.models import Prefetch, Q, QuerySet

from cairn.clients.models import Client, Episode


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
