"""Daily check-ins and their alert rules (issue 11.3).

Rules (per program, ``CheckInRules``; defaults when a program has none):
- use reported → an urgent alert on the chart, at once;
- craving at or above the threshold (8) on N days in a row (2) → a warning alert;
- no check-in for N days (3) → a warning alert. Nothing happens when a client does not check in,
  so this rule is evaluated (a) by ``manage.py portal_checkin_alerts`` (run it daily from cron
  or the task worker), and (b) whenever staff open the client's portal tab on the chart. It
  applies to clients with an active portal login and an active episode, counting from the
  later of their last check-in and the day their login was made.

Alerts are idempotent per ``source`` (worklist.raise_alert), so re-evaluating never duplicates.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.audit.log import record
from cairn.portal.models import CheckIn, CheckInRules
from cairn.worklist.models import Alert
from cairn.worklist.operations import raise_alert


class CheckInRefused(Exception):
    pass


@dataclass(frozen=True)
class Rules:
    alert_on_use: bool = True
    craving_threshold: int = 8
    craving_days: int = 2
    silence_days: int = 3


def rules_for(program_id: int) -> Rules:
    row = CheckInRules.objects.filter(program_id=program_id).first()
    if row is None:
        return Rules()
    return Rules(row.alert_on_use, row.craving_threshold, row.craving_days, row.silence_days)


def today_for(client) -> date:
    """The client's day in the program's time zone (DESIGN.md principle 7)."""
    return timezone.localtime(timezone.now(), client.program.tz).date()


def record_checkin(client, *, by, data: dict, request=None) -> CheckIn:
    """Store today's check-in (one a day), then apply the use and craving rules."""
    day = today_for(client)
    try:
        with transaction.atomic():
            checkin = client.portal_checkins.create(day=day, **data)
            record(
                "portal.checkin",
                request=request,
                actor=by,
                obj=checkin,
                client_id=client.pk,
                program_id=client.program_id,
            )
            _apply_entry_rules(client, checkin)
    except IntegrityError:
        raise CheckInRefused(_("You already checked in today. See you tomorrow!")) from None
    return checkin


def _apply_entry_rules(client, checkin: CheckIn) -> None:
    rules = rules_for(client.program_id)
    if rules.alert_on_use and checkin.used_substance:
        what = f" ({checkin.substances})" if checkin.substances else ""
        raise_alert(
            client=client,
            kind="checkin_use",
            message=f"Reported substance use in the portal check-in of {checkin.day}{what}.",
            severity=Alert.Severity.URGENT,
            source=f"portal-checkin:{checkin.pk}:use",
        )
    if checkin.craving >= rules.craving_threshold:
        first = checkin.day - timedelta(days=rules.craving_days - 1)
        high_days = client.portal_checkins.filter(
            day__gte=first, day__lte=checkin.day, craving__gte=rules.craving_threshold
        ).count()
        if high_days >= rules.craving_days:
            raise_alert(
                client=client,
                kind="checkin_craving",
                message=(
                    f"Craving {rules.craving_threshold} or more on {rules.craving_days} days "
                    f"in a row (portal check-ins up to {checkin.day})."
                ),
                severity=Alert.Severity.WARNING,
                source=f"portal-craving:{client.pk}:{checkin.day}",
            )


def check_silence(client, *, since: date, last_day: date | None, today: date | None = None):
    """Raise the no-check-in alert if the client has been silent ``silence_days`` days.
    ``since``: the day their portal login was made; ``last_day``: their latest check-in."""
    rules = rules_for(client.program_id)
    today = today or today_for(client)
    start = max(d for d in (since, last_day) if d is not None)
    if (today - start).days < rules.silence_days:
        return None
    what = f"since {last_day}" if last_day else "since the portal login was made"
    return raise_alert(
        client=client,
        kind="checkin_silence",
        message=f"No portal check-in for {(today - start).days} days ({what}).",
        severity=Alert.Severity.WARNING,
        source=f"portal-silence:{client.pk}:{start}",
    )


def check_silence_for(client) -> None:
    """The no-check-in rule for one client (used when staff open the chart's portal tab)."""
    login = client.portal_users.filter(kind="client", is_active=True).order_by("date_joined")
    login = login.first()
    if login is None or not client.episodes.filter(status="active").exists():
        return
    last = client.portal_checkins.order_by("-day").values_list("day", flat=True).first()
    since = timezone.localtime(login.date_joined, client.program.tz).date()
    check_silence(client, since=since, last_day=last)


def trend(client, days: int = 28) -> list[CheckIn]:
    """The client's check-ins of the last ``days`` days, oldest first (for the chart)."""
    first = today_for(client) - timedelta(days=days - 1)
    return list(client.portal_checkins.filter(day__gte=first).order_by("day"))
