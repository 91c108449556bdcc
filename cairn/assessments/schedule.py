"""Which assessments are due, for one client or for many (issue 8, point 4).

A program's rules say when each instrument is due: at intake, every N days, at discharge, and
after another instrument's safety flag (C-SSRS whenever PHQ-9 item 9 > 0). A program that has
not set its own rules uses ``DEFAULT_RULES``, the issue's defaults (DOMAIN.md: measurement-based
care at intake, every two weeks and at discharge).

How due dates are worked out, per episode of care and instrument (submitted administrations of
the episode count, whatever their occasion):

- at intake: due on the admission date until the instrument has been given in the episode;
- every N days: due N days after the latest administration (after admission, when the rule has
  no intake administration to start from);
- after a safety flag: due on the day the flag was raised, until the instrument is given that
  day or later; overdue the next day (no grace period);
- at discharge: listed by ``discharge_due`` for the discharge workflow; an active episode has no
  discharge date yet, so it is never "overdue".

An item is overdue when today is more than the program's grace days past its due date.

``due_for_clients`` works for any number of clients in four queries (the program's rules and
settings, the episodes, one aggregate over administrations), so the home page, the
census and the director's count stay fast at 10,000 clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration, AssessmentSettings, Occasion, ScheduleRule
from cairn.clients.models import Client, Episode

#: The issue's defaults: instrument → (at intake, every N days, at discharge, after critical of).
DEFAULT_RULES: dict[str, tuple[bool, int | None, bool, str]] = {
    "phq9": (True, 14, True, ""),
    "gad7": (True, 14, True, ""),
    "bam": (True, 14, True, ""),
    "pacs": (True, 14, True, ""),
    "auditc": (True, None, False, ""),
    "dast10": (True, None, False, ""),
    "pcl5": (True, 30, False, ""),
    "cssrs": (True, None, False, "phq9"),
}


def default_rules(program) -> list[ScheduleRule]:
    return [
        ScheduleRule(
            program=program,
            instrument=code,
            at_intake=intake,
            every_days=every,
            at_discharge=discharge,
            after_critical=after,
        )
        for code, (intake, every, discharge, after) in DEFAULT_RULES.items()
    ]


def configured_rules(program) -> list[ScheduleRule]:
    """The program's rules as saved, or the defaults when it has saved none (one query)."""
    return list(ScheduleRule.objects.filter(program=program)) or default_rules(program)


def rules_for(program) -> list[ScheduleRule]:
    """The rules that make anything due."""
    return [rule for rule in configured_rules(program) if rule.is_active]


def settings_for(program) -> AssessmentSettings:
    """The program's settings row, or unsaved defaults (one query)."""
    found = AssessmentSettings.objects.filter(program=program).first()
    return found or AssessmentSettings(program=program)


@dataclass(frozen=True)
class DueItem:
    client_id: int
    instrument: str
    occasion: str
    due_on: date
    overdue_after: date

    @property
    def short_name(self) -> str:
        return get_instrument(self.instrument).short_name

    @property
    def occasion_label(self) -> str:
        return Occasion(self.occasion).label

    def status(self, today: date) -> str:
        if today > self.overdue_after:
            return "overdue"
        return "due" if today >= self.due_on else "upcoming"

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due_on).days)


@dataclass(frozen=True)
class _Stats:
    """Submitted administrations of one instrument in one episode; days in the program's zone."""

    count: int = 0
    last: date | None = None
    last_critical: date | None = None


_NONE = _Stats()


def _stats(episode_ids: list[int]) -> dict[tuple[int, str], _Stats]:
    """One aggregate query over the episodes' submitted administrations; days in the current
    time zone (the program's, set by the middleware). The ids already loaded, not a subquery:
    the door's scoped client query is then compiled and planned once, not twice."""
    rows = (
        Administration.objects.filter(
            episode_id__in=episode_ids, status=Administration.Status.SUBMITTED
        )
        .values("episode_id", "instrument")
        .annotate(
            n=Count("pk"),
            last=Max("administered_at"),
            last_critical=Max("administered_at", filter=Q(critical=True)),
        )
        .order_by()
        .values_list("episode_id", "instrument", "n", "last", "last_critical")
    )
    zone = timezone.get_current_timezone()  # once: timezone.localdate() per row is slow

    def day(moment):
        return moment.astimezone(zone).date() if moment else None

    return {
        (episode, code): _Stats(n, day(last), day(critical))
        for episode, code, n, last, critical in rows
    }


_INTAKE, _FOLLOW_UP, _SAFETY = (
    Occasion.INTAKE.value,
    Occasion.FOLLOW_UP.value,
    Occasion.SAFETY.value,
)
_NOW = timedelta(0)


def _plan(rules: list[ScheduleRule]) -> list[tuple[str, bool, timedelta | None, str]]:
    """The rules as plain tuples, intervals as timedeltas: worked out once, used per episode."""
    return [
        (
            r.instrument,
            r.at_intake,
            timedelta(days=r.every_days) if r.every_days else None,
            r.after_critical,
        )
        for r in rules
    ]


def _due_in_episode(
    episode_id: int,
    client_id: int,
    admitted_on: date,
    plan: list[tuple[str, bool, timedelta | None, str]],
    stats: dict[tuple[int, str], _Stats],
    grace: timedelta,
) -> list[DueItem]:
    items = []
    for code, at_intake, every, after in plan:
        mine = stats.get((episode_id, code), _NONE)
        trigger = stats.get((episode_id, after), _NONE).last_critical if after else None
        if trigger and (mine.last is None or mine.last < trigger):
            occasion, due_on, wait = _SAFETY, trigger, _NOW
        elif at_intake and not mine.count:
            occasion, due_on, wait = _INTAKE, admitted_on, grace
        elif every and mine.count:
            occasion, due_on, wait = _FOLLOW_UP, mine.last + every, grace
        elif every and not at_intake:
            occasion, due_on, wait = _FOLLOW_UP, admitted_on + every, grace
        else:
            continue
        items.append(DueItem(client_id, code, occasion, due_on, due_on + wait))
    return items


def _sort_key(item: DueItem):
    return (item.overdue_after, item.due_on, item.instrument)


def due_for_clients(clients: QuerySet[Client], program) -> dict[int, list[DueItem]]:
    """Due items (upcoming ones included) for each client's active episode in ``program``,
    soonest first. ``clients`` is a queryset the door already scoped. Four queries whatever
    the number of clients: rules, settings, the episodes, the aggregate over their
    administrations (three when there is no active episode)."""
    plan, grace = _plan(rules_for(program)), timedelta(days=settings_for(program).grace_days)
    episodes = list(
        Episode.objects.filter(
            status=Episode.Status.ACTIVE, program=program, client__in=clients.values("pk")
        ).values_list("pk", "client_id", "admitted_on")
    )
    stats = _stats([episode_id for episode_id, _, _ in episodes])
    found: dict[int, list[DueItem]] = {}
    for episode_id, client_id, admitted_on in episodes:
        items = _due_in_episode(episode_id, client_id, admitted_on, plan, stats, grace)
        found[client_id] = sorted(items, key=_sort_key)
    return found


def due_for_client(client: Client) -> list[DueItem]:
    """Due items for one client's active episode (chart tab)."""
    clients = Client.objects.filter(pk=client.pk)
    return due_for_clients(clients, client.program).get(client.pk, [])


def discharge_due(client: Client) -> list[str]:
    """Instruments the program gives at discharge that this episode has not had at discharge
    yet — for the discharge workflow (plans/episodes) to check before closing an episode."""
    episode = client.episodes.filter(status=Episode.Status.ACTIVE).first()
    if episode is None:
        return []
    done = set(
        Administration.objects.filter(
            episode=episode, status=Administration.Status.SUBMITTED, occasion=Occasion.DISCHARGE
        ).values_list("instrument", flat=True)
    )
    return [
        rule.instrument
        for rule in rules_for(client.program)
        if rule.at_discharge and rule.instrument not in done
    ]


def count_overdue(clients: QuerySet[Client], program, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(
        1
        for items in due_for_clients(clients, program).values()
        for item in items
        if item.status(today) == "overdue"
    )
