"""The chart header shows the days since the recovery date to those who read the chart."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.medications.models import RecoveryDate
from cairn.testing.cases import CastTestCase


class RecoveryHeaderFactTest(CastTestCase):
    def setUp(self):
        self.url = reverse("clients:chart", kwargs={"client_id": self.cast.client.pk})

    def _recovery(self, days_ago: int, recorded_ago: int = 0):
        RecoveryDate.objects.create(
            client=self.cast.client,
            recovery_on=timezone.localdate() - timedelta(days=days_ago),
            recorded_by=self.cast.clinician,
            recorded_at=timezone.now() - timedelta(days=recorded_ago),
        )

    def test_it_shows_the_days_since_the_current_recovery_date(self):
        self._recovery(90, recorded_ago=10)
        self._recovery(41)
        self.login(self.cast.clinician)
        self.assertContains(
            self.client.get(self.url), "Days since recovery date <strong>41</strong>"
        )

    def test_it_shows_nothing_without_a_recovery_date(self):
        self.login(self.cast.clinician)
        self.assertNotContains(self.client.get(self.url), "Days since recovery date")

    def test_it_hides_it_from_those_who_do_not_read_the_chart(self):
        self._recovery(41)
        self.login(self.cast.biller)
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Days since recovery date")
