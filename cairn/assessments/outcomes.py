"""The program's measurement-based-care picture for the director (issue 8, point 7).

For PHQ-9 and GAD-7, among active clients with at least two scores in their current episode:
the share whose latest score is reliably better than their intake score (down by at least the
reliable-change index: PHQ-9 6 points, GAD-7 4), reliably worse (up by as much), or unchanged
(anything in between). A change smaller than the index is within the questionnaire's
measurement error, so it counts as unchanged. Plus the count of overdue assessments and of open
safety alerts.

The queries refine what the door scoped (``access.clients_for``) and their number does not grow
with the program: one row per client and instrument comes back (window functions), the rest
are counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import FirstValue, RowNumber

from cairn.assessments import schedule
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration
from cairn.assessments.scoring import reliable_change
from cairn.assessments.trends import NOT_IMPROVING_AFTER
from cairn.clients.models import Client, Episode
from cairn.worklist.models import Alert

INSTRUMENTS = ("phq9", "gad7")


@dataclass
class Change:
    code: str
    short_name: str
    rci: int
    improved: int = 0
    unchanged: int = 0
    worse: int = 0
    not_improving: int = 0
    not_improving_ids: list[int] = field(default_factory=list)

    @property
    def measured(self) -> int:
        return self.improved + self.unchanged + self.worse

    def share(self, count: int) -> int:
        return round(100 * count / self.measured) if self.measured else 0

    def rows(self) -> list[tuple[str, int, int]]:
        return [
            (label, count, self.share(count))
            for label, count in (
                ("Improved", self.improved),
                ("Unchanged", self.unchanged),
                ("Worse", self.worse),
            )
        ]


@dataclass
class ProgramOutcomes:
    changes: list[Change]
    active_clients: int
    overdue: int
    open_safety_alerts: int


def _first_and_last(episodes: QuerySet[Episode]) -> list[tuple]:
    """One row per (episode, instrument): (instrument, client, count, first total, first time,
    latest total, latest time). Window functions keep it to one row per pair in the database
    (SQLite 3.25+ and PostgreSQL)."""
    pair = {"partition_by": [F("episode_id"), F("instrument")]}
    oldest_first = [F("administered_at").asc(), F("pk").asc()]
    return list(
        Administration.objects.filter(
            episode__in=episodes.values("pk"),
            instrument__in=INSTRUMENTS,
            status=Administration.Status.SUBMITTED,
        )
        .annotate(
            n=Window(Count("pk"), **pair),
            newest=Window(
                RowNumber(), order_by=[F("administered_at").desc(), F("pk").desc()], **pair
            ),
            first_total=Window(FirstValue("total"), order_by=oldest_first, **pair),
            first_at=Window(FirstValue("administered_at"), order_by=oldest_first, **pair),
        )
        .filter(newest=1)
        .values_list(
            "instrument", "client_id", "n", "first_total", "first_at", "total", "administered_at"
        )
    )


def _changes(first_last: list[tuple]) -> list[Change]:
    changes = {
        code: Change(code, get_instrument(code).short_name, reliable_change(code))
        for code in INSTRUMENTS
    }
    floors = {code: get_instrument(code).bands[0].upper for code in INSTRUMENTS}
    for code, client_id, count, first, first_at, last, last_at in first_last:
        if count < 2:
            continue
        change = changes[code]
        if last - first <= -change.rci:
            change.improved += 1
        elif last - first >= change.rci:
            change.worse += 1
        else:
            change.unchanged += 1
        if last_at - first_at >= NOT_IMPROVING_AFTER and last >= first and last > floors[code]:
            change.not_improving += 1
            change.not_improving_ids.append(client_id)
    return list(changes.values())


def program_outcomes(clients: QuerySet[Client], program) -> ProgramOutcomes:
    """``clients``: the program's clients the director may see (``access.clients_for``)."""
    episodes = Episode.objects.filter(
        program=program, status=Episode.Status.ACTIVE, client__in=clients.values("pk")
    )
    changes = _changes(_first_and_last(episodes))
    return ProgramOutcomes(
        changes=changes,
        active_clients=episodes.count(),
        overdue=schedule.count_overdue(clients, program),
        open_safety_alerts=Alert.objects.filter(
            client__in=clients.values("pk"),
            program=program,
            kind="safety",
            resolved_at__isnull=True,
        ).count(),
    )


def not_improving_clients(outcomes: ProgramOutcomes, clients: QuerySet[Client], limit: int = 100):
    """Up to ``limit`` scoped clients flagged "not improving" on PHQ-9 or GAD-7, by name, each
    with the instruments it is flagged on (``flagged_on``). One query."""
    flagged: dict[int, list[str]] = {}
    for change in outcomes.changes:
        for client_id in change.not_improving_ids:
            flagged.setdefault(client_id, []).append(change.short_name)
    found = list(clients.filter(pk__in=list(flagged)).order_by("last_name", "first_name")[:limit])
    for client in found:
        client.flagged_on = flagged[client.pk]
    return found
