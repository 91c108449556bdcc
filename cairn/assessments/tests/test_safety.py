"""Safety alerts (issue 8, point 5): PHQ-9 item 9 > 0 or a high C-SSRS raises an urgent alert
on the chart and urgent tasks for the primary and on-call clinicians, open until a clinician
documents the response (safety assessment, plan, who was told)."""

from cairn.accounts.roles import Role
from cairn.assessments.administration import start_administration, submit_administration
from cairn.assessments.configuration import save_settings
from cairn.assessments.models import SafetyResponse
from cairn.assessments.safety import raise_safety_alert, respond_to_alert
from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_episode, make_user
from cairn.worklist.models import Alert, Task

NO_ITEM9 = {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0}


def _respond(alert, by, **overrides):
    values = {
        "assessment": "cssrs",
        "risk_level": "low",
        "plan": "Safety plan reviewed; call tomorrow.",
        "people_told": "Supervisor S. Patel, 3:10 pm.",
    }
    return respond_to_alert(alert, by=by, **{**values, **overrides})


class AlertTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        episode = cls.cast.client.episodes.get()
        episode.primary_clinician = cls.cast.clinician
        episode.save()
        cls.on_call = make_user(roles=[Role.CLINICIAN], program=cls.cast.program)

    def _submit(self, code, answers, client=None):
        draft = start_administration(client or self.cast.client, code, by=self.cast.supervisee)
        return submit_administration(draft, answers, by=self.cast.supervisee)

    def test_it_raises_nothing_when_item_9_is_zero(self):
        self._submit("phq9", NO_ITEM9)
        self.assertFalse(Alert.objects.exists())
        self.assertFalse(Task.objects.exists())

    def test_it_raises_an_urgent_chart_alert_when_item_9_is_above_zero(self):
        for value in (1, 2, 3):
            with self.subTest(item9=value):
                done = self._submit("phq9", {**NO_ITEM9, "9": value})
                alert = Alert.objects.get(source=f"assessments.administration:{done.pk}")
                self.assertEqual((alert.kind, alert.severity), ("safety", "urgent"))
                self.assertIn("question 9", alert.message)
                self.assertIsNone(alert.resolved_at)

    def test_it_raises_one_for_a_high_c_ssrs_and_not_for_a_moderate_one(self):
        moderate = {"1": True, "2": True, "3": True, "4": False, "5": False, "6": False}
        self._submit("cssrs", moderate)
        self.assertFalse(Alert.objects.exists())
        high = {**moderate, "6": True}
        self._submit("cssrs", high)
        alert = Alert.objects.get()
        self.assertIn("high risk", alert.message)

    def test_it_gives_the_primary_clinician_an_urgent_task(self):
        self._submit("phq9", {**NO_ITEM9, "9": 1})
        task = Task.objects.get()
        self.assertEqual(
            (task.owner, task.priority, task.kind), (self.cast.clinician, "urgent", "safety")
        )
        self.assertIn(f"/clients/{self.cast.client.pk}/assessments/safety-alerts/", task.url)
        self.assertNotIn(self.cast.client.last_name, task.title)  # record number only

    def test_it_gives_the_on_call_clinician_a_task_too(self):
        save_settings(self.cast.program, by=self.cast.director, on_call_clinician=self.on_call)
        self._submit("phq9", {**NO_ITEM9, "9": 2})
        owners = set(Task.objects.values_list("owner__username", flat=True))
        self.assertEqual(owners, {self.cast.clinician.username, self.on_call.username})
        on_call_task = Task.objects.get(owner=self.on_call)
        self.assertIn("emergency access", on_call_task.detail)

    def test_it_gives_the_directors_the_task_when_nobody_else_is_named(self):
        client = make_client(self.cast.program)
        make_episode(client)
        self._submit("phq9", {**NO_ITEM9, "9": 1}, client=client)
        self.assertEqual(
            list(Task.objects.values_list("owner", flat=True)), [self.cast.director.pk]
        )

    def test_it_raises_each_once_per_administration(self):
        done = self._submit("phq9", {**NO_ITEM9, "9": 1})
        raise_safety_alert(done)
        self.assertEqual(Alert.objects.count(), 1)
        self.assertEqual(Task.objects.count(), 1)


class ResponseTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        episode = cls.cast.client.episodes.get()
        episode.primary_clinician = cls.cast.clinician
        episode.save()
        save_settings(cls.cast.program, by=cls.cast.director, on_call_clinician=cls.cast.supervisor)

    def setUp(self):
        draft = start_administration(self.cast.client, "phq9", by=self.cast.clinician)
        self.done = submit_administration(draft, {**NO_ITEM9, "9": 1}, by=self.cast.clinician)
        self.alert = Alert.objects.get()

    def test_it_resolves_the_alert_with_the_documented_response(self):
        response = _respond(self.alert, self.cast.clinician)
        self.alert.refresh_from_db()
        self.assertIsNotNone(self.alert.resolved_at)
        self.assertEqual(self.alert.resolved_by, self.cast.clinician)
        self.assertIn("Safety assessment: C-SSRS completed.", self.alert.resolution)
        self.assertIn("Plan: Safety plan reviewed", self.alert.resolution)
        self.assertIn("Told: Supervisor S. Patel", self.alert.resolution)
        self.assertEqual(response.administration, self.done)

    def test_it_completes_every_responders_task(self):
        self.assertEqual(Task.objects.filter(status="open").count(), 2)
        _respond(self.alert, self.cast.clinician)
        self.assertFalse(Task.objects.filter(status="open").exists())

    def test_it_audits_the_response(self):
        _respond(self.alert, self.cast.clinician)
        event = AuditEvent.objects.get(action="assessment.safety_response")
        self.assertEqual(event.client_id, self.cast.client.pk)
        self.assertTrue(AuditEvent.objects.filter(action="alert.resolve").exists())

    def test_it_needs_a_plan_and_who_was_told(self):
        for missing in ("plan", "people_told"):
            with self.subTest(missing=missing), self.assertRaisesMessage(ValueError, missing):
                _respond(self.alert, self.cast.clinician, **{missing: "  "})
        self.alert.refresh_from_db()
        self.assertIsNone(self.alert.resolved_at)
        self.assertFalse(SafetyResponse.objects.exists())

    def test_it_refuses_a_second_response(self):
        _respond(self.alert, self.cast.clinician)
        with self.assertRaisesMessage(ValueError, "already resolved"):
            _respond(self.alert, self.cast.supervisor)
        self.assertEqual(SafetyResponse.objects.count(), 1)
