"""The audit report for program directors (issue 3, point 5)."""

from cairn.audit.log import record
from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase


class AuditReportTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        record(
            "chart.view_chart",
            actor=cast.clinician,
            client_id=cast.client.pk,
            program_id=cast.program.pk,
        )
        record(
            "note.sign", actor=cast.supervisee, client_id=cast.client.pk, program_id=cast.program.pk
        )
        record(
            "chart.view_chart",
            actor=cast.outsider,
            client_id=cast.foreign_client.pk,
            program_id=cast.other_program.pk,
        )

    def test_it_lists_the_programs_events_for_the_director(self):
        self.login(self.cast.director)
        response = self.client.get("/audit/")
        self.assertEqual(response.status_code, 200)
        actions = [e.action for e in response.context["page"].object_list]
        self.assertIn("note.sign", actions)
        self.assertNotIn(
            self.cast.outsider.username,
            [e.actor_label for e in response.context["page"].object_list],
        )

    def test_it_filters_by_user_client_action_and_dates(self):
        self.login(self.cast.director)
        response = self.client.get(
            "/audit/",
            {
                "user": "supervisee",
                "mrn": self.cast.client.mrn,
                "action": "note",
                "start": "2000-01-01",
            },
        )
        events = list(response.context["page"].object_list)
        self.assertEqual([e.action for e in events], ["note.sign"])

    def test_it_refuses_an_end_date_before_the_start(self):
        self.login(self.cast.director)
        response = self.client.get("/audit/", {"start": "2026-02-01", "end": "2026-01-01"})
        self.assertContains(response, "The end date is before the start date.")
        self.assertEqual(list(response.context["page"].object_list), [])

    def test_it_exports_csv_and_audits_the_export(self):
        self.login(self.cast.director)
        response = self.client.get("/audit/export.csv", {"action": "note"})
        body = b"".join(response.streaming_content).decode()
        self.assertEqual(response["Content-Type"], "text/csv")
        self.assertEqual(body.splitlines()[0].split(",")[:3], ["id", "at", "actor_label"])
        self.assertIn("note.sign", body)
        self.assertNotIn("chart.view_chart", body)
        self.assertTrue(AuditEvent.objects.filter(action="audit.export").exists())

    def test_it_is_for_directors_only(self):
        for member in ("clinician", "supervisor", "biller", "admin", "intake"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get("/audit/").status_code, 403)
                self.assertEqual(self.client.get("/audit/export.csv").status_code, 403)

    def test_it_refuses_writes(self):
        self.login(self.cast.director)
        self.assertEqual(self.client.post("/audit/").status_code, 405)

    def test_it_lists_the_oldest_event_too(self):
        # Regression: the page's own audit event once pushed the oldest row off the page.
        self.login(self.cast.director)
        oldest = AuditEvent.objects.filter(program_id=self.cast.program.pk).order_by("id").first()
        response = self.client.get("/audit/")
        self.assertIn(oldest.pk, [e.pk for e in response.context["page"].object_list])

    def test_it_names_the_clients_the_director_may_see(self):
        self.login(self.cast.director)
        self.assertContains(self.client.get("/audit/"), f"(#{self.cast.client.mrn})")
