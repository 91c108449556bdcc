"""A client's attendance history for one episode (the chart's Attendance tab).

The caller passes a client the door already authorized; these queries refine that client's
rows. A fixed number of queries however long the episode."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from cairn.attendance import hours as h
from cairn.attendance.absences import ALERT_KIND
from cairn.attendance.compliance import Week, client_weeks
from cairn.attendance.models import AttendanceCorrection, AttendanceRecord
from cairn.attendance.qualification import ClientDay, client_day_list
from cairn.attendance.rules import pick_rule, rules_for, settings_for
from cairn.clients.models import Client, Episode
from cairn.scheduling.models import SessionParticipant


@dataclass
class EpisodeHistory:
    episode: Episode
    records: list[AttendanceRecord]
    weeks: list[Week]  # newest first
    days: dict[date, ClientDay]
    allowance: int
    iop_day_minutes: int
    rule: object = None
    chart: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)  # [(day, ClientDay | None, [records])], newest first


def attendance_alerts(client: Client):
    """The client's attendance alerts (streaks, low attendance)."""
    return client.alerts.filter(kind=ALERT_KIND)


def open_alerts(client: Client) -> list:
    return list(attendance_alerts(client).filter(resolved_at__isnull=True).order_by("-raised_at"))


def episodes_of(client: Client) -> list[Episode]:
    return list(client.episodes.order_by("-admitted_on"))


def episode_history(client: Client, episode: Episode, *, now: datetime | None = None):
    now = now or timezone.now()
    program = client.program
    zone = program.tz
    today = h.local_day(now, zone)
    last_day = min(episode.discharged_on or today, today)
    first_monday = h.week_start(episode.admitted_on)
    this_monday = h.week_start(today)
    mondays = []
    monday = first_monday
    while monday <= h.week_start(last_day):
        mondays.append(monday)
        monday += timedelta(weeks=1)
    records = list(
        AttendanceRecord.objects.filter(client=client, episode=episode)
        .select_related("session__group_type", "session__facilitator", "recorded_by")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=AttendanceCorrection.objects.select_related("corrected_by").order_by(
                    "version"
                ),
            )
        )
        .order_by("-session__starts_at")
    )
    in_episode = AttendanceRecord.objects.filter(client=client, episode=episode)
    first_instant = h.day_bounds(episode.admitted_on, zone)[0]
    last_instant = h.day_bounds(last_day, zone)[1]
    sums = {
        "attended": h.attended_by_week(in_episode, zone, mondays),
        "scheduled": h.scheduled_by_week(
            SessionParticipant.objects.filter(
                client=client,
                session__program=program,
                session__starts_at__gte=first_instant,
                session__starts_at__lt=last_instant,
            ),
            zone,
            mondays,
            after=now,
        ),
    }
    weeks = client_weeks(client.pk, episode, mondays, sums, this_monday)
    config = settings_for(program)
    days = {day.day: day for day in client_day_list(in_episode, program, config=config)}
    by_monday = {week.monday: week for week in weeks}
    for day in days.values():
        if day.qualifies and h.week_start(day.day) in by_monday:
            by_monday[h.week_start(day.day)].iop_days += 1
    groups: dict[date, list[AttendanceRecord]] = {}
    for record in records:
        groups.setdefault(h.local_day(record.session.starts_at, zone), []).append(record)
    rule = pick_rule(rules_for(program), episode.level_of_care, client.age(episode.admitted_on))
    return EpisodeHistory(
        episode=episode,
        records=records,
        weeks=list(reversed(weeks)),
        days=days,
        allowance=rule.step_down_weeks if rule else 0,
        iop_day_minutes=config.iop_day_minutes,
        rule=rule,
        groups=[(day, days.get(day), rows[::-1]) for day, rows in groups.items()],
        chart={
            "labels": [f"{w.monday:%b %-d}" for w in weeks],
            "attended": [w.attended_hours for w in weeks],
            "scheduled": [w.scheduled_hours for w in weeks],
            "minimum": [w.minimum_hours for w in weeks],
        },
    )
