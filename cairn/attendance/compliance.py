"""Weekly hours against the minimum: the compliance board and the chart's weekly table.

For each client and week (Monday to Sunday in the program's time zone): hours scheduled (the
client's bookings, less cancellations and drop-ins), hours attended (the attendance records'
minutes) and the minimum (the episode's ``weekly_min_hours``, copied at admission from the
``HoursRule`` for the level of care and age). DOMAIN.md: below the minimum, a client may stay in
IOP one or two weeks while stepping down — the allowance is the rule's ``step_down_weeks``.

Only complete weeks that the client spent wholly in the episode count towards compliance (the
admission week and the week in progress are shown, not judged). The sums come from two grouped
queries whatever the number of clients (``hours.attended_by_week`` and ``scheduled_by_week``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cairn.attendance import hours as h
from cairn.attendance.absences import ALERT_KIND
from cairn.attendance.models import AttendanceRecord, AttendanceSettings
from cairn.attendance.rules import pick_rule, rules_for, settings_for
from cairn.clients.models import Client, Episode
from cairn.scheduling.models import SessionParticipant
from cairn.worklist.models import Alert


@dataclass
class Week:
    monday: date
    scheduled: int = 0  # minutes
    attended: int = 0
    remaining: int = 0  # scheduled minutes still to come
    minimum: int = 0  # minutes
    counted: bool = False  # a complete week wholly inside the episode
    current: bool = False
    iop_days: int = 0  # days that qualified as IOP days (filled in where needed)

    @property
    def under(self) -> bool:
        return self.counted and self.attended < self.minimum

    @property
    def shortfall(self) -> int:
        return max(0, self.minimum - self.attended)

    @property
    def attended_hours(self) -> float:
        return h.hours(self.attended)

    @property
    def scheduled_hours(self) -> float:
        return h.hours(self.scheduled)

    @property
    def remaining_hours(self) -> float:
        return h.hours(self.remaining)

    @property
    def shortfall_hours(self) -> float:
        return h.hours(self.shortfall)

    @property
    def minimum_hours(self) -> float:
        return h.hours(self.minimum)


@dataclass
class ClientHours:
    client: Client
    episode: Episode
    weeks: list[Week]  # oldest first; the last is the week in progress
    allowance: int  # weeks allowed under the minimum while stepping down
    open_alerts: int = 0
    #: The board's row of week cells, rendered in Python (``render_rows``, for the rows of the
    #: page shown): a template loop of ten cells for each of fifty rows was a third of the
    #: page's time.
    week_cells: str = ""

    @property
    def minimum_hours(self) -> Decimal:
        return self.episode.weekly_min_hours

    @property
    def current(self) -> Week:
        return self.weeks[-1]

    @property
    def last_week(self) -> Week:
        return self.weeks[-2]

    @property
    def past_weeks(self) -> list[Week]:
        return self.weeks[:-1]

    @property
    def weeks_under(self) -> int:
        """Complete weeks in a row under the minimum, ending last week."""
        count = 0
        for week in reversed(self.past_weeks):
            if not week.under:
                break
            count += 1
        return count

    @property
    def status(self) -> str:
        if not self.last_week.counted:
            return "new"
        if not self.last_week.under:
            return "meets"
        return "step_down" if self.weeks_under <= self.allowance else "review"

    @property
    def status_label(self) -> str:
        return {
            "new": "New this week or last",
            "meets": "Meets the minimum",
            "step_down": f"Under: week {self.weeks_under} of {self.allowance} allowed",
            "review": "Under the minimum — review level of care",
        }[self.status]

    @property
    def at_risk(self) -> bool:
        """This week's attended plus still-scheduled hours can't reach the minimum."""
        week = self.current
        return week.attended + week.remaining < week.minimum

    @property
    def trend(self) -> str:
        counted = [w.attended for w in self.past_weeks if w.counted]
        if len(counted) < 2:
            return "—"
        earlier = sum(counted[:-1]) / len(counted[:-1])
        if counted[-1] >= earlier + 60:
            return "rising"
        if counted[-1] <= earlier - 60:
            return "falling"
        return "steady"

    def sort_key(self):
        order = {"review": 0, "step_down": 1, "new": 2, "meets": 3}[self.status]
        return (order, -self.last_week.shortfall, not self.at_risk, self.client.last_name)


@dataclass
class Board:
    rows: list[ClientHours]
    mondays: list[date]
    config: AttendanceSettings
    summary: dict = field(default_factory=dict)
    trend: list[dict] = field(default_factory=list)


def active_clients(clients: QuerySet[Client], program) -> QuerySet[Client]:
    """Active clients of ``program`` that have an active episode, the episode attached as
    ``active_episodes`` (with its primary clinician) in one extra query."""
    active = Episode.objects.filter(client=OuterRef("pk"), status=Episode.Status.ACTIVE)
    return (
        clients.filter(program=program, status=Client.Status.ACTIVE)
        .filter(Exists(active))
        .prefetch_related(
            Prefetch(
                "episodes",
                queryset=Episode.objects.filter(status=Episode.Status.ACTIVE).select_related(
                    "primary_clinician"
                ),
                to_attr="active_episodes",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


def board(clients: QuerySet[Client], program, *, now: datetime | None = None) -> Board:
    """The weekly-hours board for ``clients`` (a queryset the door already scoped): a fixed
    number of queries for any number of clients."""
    now = now or timezone.now()
    config = settings_for(program)
    zone = program.tz
    this_monday = h.week_start(h.local_day(now, zone))
    mondays = [this_monday - timedelta(weeks=n) for n in range(config.trend_weeks, -1, -1)]
    clients = active_clients(clients, program)
    client_list = list(clients)
    # The ids already loaded, not a subquery: the planner then scans each table once.
    ids = [client.pk for client in client_list]
    sums = _sums(ids, program, mondays, now)
    rules = rules_for(program)
    alerts = dict(
        Alert.objects.filter(client_id__in=ids, kind=ALERT_KIND, resolved_at__isnull=True)
        .values("client_id")
        .annotate(n=Count("pk"))
        .values_list("client_id", "n")
    )
    rows = []
    for client in client_list:
        episode = client.active_episodes[0]
        rule = pick_rule(rules, episode.level_of_care, client.age(this_monday))
        rows.append(
            ClientHours(
                client=client,
                episode=episode,
                weeks=client_weeks(client.pk, episode, mondays, sums, this_monday),
                allowance=rule.step_down_weeks if rule else 0,
                open_alerts=alerts.get(client.pk, 0),
            )
        )
    rows.sort(key=ClientHours.sort_key)
    return Board(
        rows=rows,
        mondays=mondays,
        config=config,
        summary=_summary(rows),
        trend=_program_trend(rows, mondays),
    )


def hours_label(minutes) -> str:
    """Minutes as hours for people: 540 → "9", 450 → "7.5", 160 → "2.7"."""
    value = round((minutes or 0) / 60, 1)
    return f"{value:g}"


def render_rows(rows: list[ClientHours], mondays: list[date]) -> SafeString:
    """The board's ``<tr>`` for each of ``rows`` (a page of them), as its template showed
    them: a template loop of eight cells, each with filters, for each of fifty rows (and ten
    week cells in each) was most of the page's rendering time."""
    titles = {
        monday: conditional_escape(f"Week of {format_date(monday, 'M j')}") for monday in mondays
    }
    _render_week_cells(rows, titles)
    return format_html_join("\n", "{}", ((_row_html(row),) for row in rows))


def _render_week_cells(rows: list[ClientHours], titles: dict) -> None:
    """Each row's ``<li>`` week cells (oldest first, the week in progress left out). The titles
    are formatted and escaped once per week; the classes are fixed words and the hours a
    number, so a cell needs no escaping of its own."""
    for row in rows:
        # Safe: the titles are escaped above; the rest are fixed words and numbers.
        row.week_cells = mark_safe(
            "".join(
                f'<li class="{"is-under" if w.under else "is-met" if w.counted else ""}" '
                f'title="{titles[w.monday]}">{hours_label(w.attended)}</li>'
                for w in row.past_weeks
            )
        )


def _row_html(row: ClientHours) -> SafeString:
    current, last, status, trend = row.current, row.last_week, row.status, row.trend
    this_week = format_html("{} h attended", hours_label(current.attended))
    if current.remaining:
        this_week += format_html(", {} h to come", hours_label(current.remaining))
    if row.at_risk:
        this_week += mark_safe(' <span class="badge text-bg-warning">At risk</span>')
    last_week = format_html("{} h", hours_label(last.attended))
    if last.under:
        last_week += format_html(
            ' <span class="hours-short">({} h short)</span>', hours_label(last.shortfall)
        )
    clinician = row.episode.primary_clinician
    alerts = (
        format_html('<span class="badge badge-urgent">{}</span>', row.open_alerts)
        if row.open_alerts
        else mark_safe('<span class="visually-hidden">none</span>')
    )
    return format_html(
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td class="num">{} h</td><td>{}</td>'
        '<td>{}</td><td class="status-{}">{}</td><td><ul class="week-cells" aria-label="Hours '
        'attended, oldest week first ({})">{}</ul><span class="small muted">{}</span></td>'
        "<td>{}</td></tr>",
        reverse("attendance:chart", args=[row.client.pk]),
        row.client.display_name,
        (clinician.display_name if clinician else "") or "—",
        floatformat(row.minimum_hours, "-1"),
        this_week,
        last_week,
        status,
        row.status_label,
        trend,
        row.week_cells,
        trend,
        alerts,
    )


def _sums(client_ids, program, mondays: list[date], now: datetime) -> dict:
    zone = program.tz
    records = AttendanceRecord.objects.filter(client_id__in=client_ids, session__program=program)
    participants = SessionParticipant.objects.filter(
        client_id__in=client_ids, session__program=program
    )
    return {
        "attended": h.attended_by_week(records, zone, mondays),
        "scheduled": h.scheduled_by_week(participants, zone, mondays, after=now),
    }


def client_weeks(client_id, episode, mondays, sums, this_monday) -> list[Week]:
    minimum = int(episode.weekly_min_hours * 60)
    weeks = []
    for monday in mondays:
        scheduled, remaining = sums["scheduled"].get((client_id, monday), (0, 0))
        ended = episode.discharged_on is not None and episode.discharged_on < monday + timedelta(6)
        weeks.append(
            Week(
                monday=monday,
                scheduled=scheduled,
                remaining=remaining,
                attended=sums["attended"].get((client_id, monday), 0),
                minimum=minimum,
                counted=monday < this_monday and episode.admitted_on <= monday and not ended,
                current=monday == this_monday,
            )
        )
    return weeks


def _summary(rows: list[ClientHours]) -> dict:
    judged = [r for r in rows if r.last_week.counted]
    under = [r for r in judged if r.last_week.under]
    return {
        "clients": len(rows),
        "judged": len(judged),
        "under": len(under),
        "review": sum(1 for r in rows if r.status == "review"),
        "at_risk": sum(1 for r in rows if r.at_risk),
        "alerts": sum(1 for r in rows if r.open_alerts),
    }


def _program_trend(rows: list[ClientHours], mondays: list[date]) -> list[dict]:
    """Per complete week: how many judged clients met their minimum."""
    trend = []
    for index, monday in enumerate(mondays[:-1]):
        judged = [r.weeks[index] for r in rows if r.weeks[index].counted]
        met = sum(1 for w in judged if not w.under)
        trend.append(
            {
                "monday": monday,
                "judged": len(judged),
                "met": met,
                "percent": round(100 * met / len(judged)) if judged else None,
            }
        )
    return trend
