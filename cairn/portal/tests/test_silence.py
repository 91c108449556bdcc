from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from cairn.portal.tests.helpers import make_checkin
from cairn.testing.cases import CastTestCase
from cairn.worklist.models import Alert


class NoCheckInRuleTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        joined = timezone.now() - timedelta(days=10)
        type(cls.cast.portal).objects.filter(pk__in=[cls.cast.portal.pk]).update(date_joined=joined)

    def _run(self):
        call_command("portal_checkin_alerts", stdout=StringIO())
        return Alert.objects.filter(client=self.cast.client, kind="checkin_silence")

    def test_it_flags_three_days_without_a_checkin(self):
        make_checkin(self.cast.client, days_ago=3)
        self.assertEqual(self._run().count(), 1)

    def test_it_leaves_a_client_who_checked_in_two_days_ago(self):
        make_checkin(self.cast.client, days_ago=2)
        self.assertFalse(self._run().exists())

    def test_it_raises_the_alert_once_however_often_it_runs(self):
        make_checkin(self.cast.client, days_ago=5)
        self._run()
        self.assertEqual(self._run().count(), 1)

    def test_it_counts_from_the_login_for_a_client_who_never_checked_in(self):
        type(self.cast.portal).objects.filter(pk=self.cast.portal.pk).update(
            date_joined=timezone.now() - timedelta(days=1)
        )
        self.assertFalse(self._run().exists())

    def test_it_is_evaluated_when_staff_open_the_portal_tab(self):
        make_checkin(self.cast.client, days_ago=4)
        self.login(self.cast.clinician)
        self.client.get(f"/clients/{self.cast.client.pk}/portal/")
        self.assertTrue(
            Alert.objects.filter(client=self.cast.client, kind="checkin_silence").exists()
        )
