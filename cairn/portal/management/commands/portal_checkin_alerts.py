"""``manage.py portal_checkin_alerts``: the no-check-in rule for every client with a portal
login and an active episode (cairn/portal/checkins.py). Run it daily (cron or the worker)."""

from django.core.management.base import BaseCommand
from django.db.models import Max

from cairn.accounts.models import User
from cairn.portal.checkins import check_silence


class Command(BaseCommand):
    help = "Raise the 'no portal check-in for N days' alerts."

    def handle(self, *args, **options):
        logins = (
            User.objects.filter(
                kind=User.Kind.CLIENT,
                is_active=True,
                client__isnull=False,
                client__episodes__status="active",
            )
            .select_related("client__program")
            .annotate(last_day=Max("client__portal_checkins__day"))
            .distinct()
        )
        raised = 0
        for login in logins:
            client = login.client
            since = login.date_joined.astimezone(client.program.tz).date()
            if check_silence(client, since=since, last_day=login.last_day):
                raised += 1
        self.stdout.write(f"{raised} client(s) without a recent check-in flagged.")
