"""Closing an attendance alert from the chart's Attendance tab, with the documented response
(issue 6 point 4: the alert stays until a clinician records what was done)."""

from django.urls import reverse

from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase
from cairn.worklist.models import Alert
from cairn.worklist.operations import raise_alert


class ResolveAlertViewTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.alert = raise_alert(
            client=cls.cast.client,
            kind="attendance",
            message="2 unexcused absences in a row",
            source="test:streak",
        )
        cls.url = reverse("attendance:resolve_alert", args=[cls.cast.client.pk, cls.alert.pk])
        cls.chart = reverse("attendance:chart", args=[cls.cast.client.pk])

    def _post(self, member, resolution="Reached Robin by phone; back on Thursday."):
        self.login(getattr(self.cast, member))
        return self.client.post(self.url, {"resolution": resolution})

    def test_it_shows_the_open_alert_with_a_response_form_on_the_tab(self):
        self.login(self.cast.clinician)
        response = self.client.get(self.chart)
        self.assertContains(response, "Open attendance alerts")
        self.assertContains(response, "Close the alert")

    def test_it_closes_the_alert_with_the_response(self):
        response = self._post("clinician")
        self.assertRedirects(response, self.chart, fetch_redirect_response=False)
        alert = Alert.objects.get(pk=self.alert.pk)
        self.assertEqual(alert.resolved_by, self.cast.clinician)
        self.assertIn("Reached Robin", alert.resolution)
        self.assertTrue(AuditEvent.objects.filter(action="alert.resolve").exists())
        self.assertNotContains(self.client.get(self.chart), "Open attendance alerts")

    def test_it_asks_for_the_response_and_changes_nothing_without_it(self):
        response = self._post("clinician", resolution="  ")
        self.assertContains(response, "Describe the response", status_code=400)
        self.assertIsNone(Alert.objects.get(pk=self.alert.pk).resolved_at)

    def test_it_answers_403_to_those_who_may_read_but_not_write_the_chart(self):
        self.login(self.cast.director)
        self.assertNotContains(self.client.get(self.chart), "Close the alert")
        for member in ("director", "biller"):
            with self.subTest(member=member):
                self.assertEqual(self._post(member).status_code, 403)
        self.assertIsNone(Alert.objects.get(pk=self.alert.pk).resolved_at)

    def test_it_answers_404_outside_the_care_team_and_for_other_alerts(self):
        self.assertEqual(self._post("colleague").status_code, 404)
        self.assertEqual(self._post("outsider").status_code, 404)
        other = raise_alert(client=self.cast.client, kind="safety", message="Safety plan")
        self.login(self.cast.clinician)
        url = reverse("attendance:resolve_alert", args=[self.cast.client.pk, other.pk])
        self.assertEqual(self.client.post(url, {"resolution": "x"}).status_code, 404)
        self.assertIsNone(Alert.objects.get(pk=other.pk).resolved_at)

    def test_it_refuses_the_wrong_method_and_anonymous_visitors(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(self.url).status_code, 405)
