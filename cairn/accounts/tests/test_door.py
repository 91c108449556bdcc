"""The door answers 404 out of scope, 403 without the action, and audits (issue 3, point 3)."""

from cairn.audit.models import AuditEvent
from cairn.testing.cases import CastTestCase


class DoorTest(CastTestCase):
    def test_it_audits_every_chart_view(self):
        self.login(self.cast.clinician)
        self.client.get(f"/clients/{self.cast.client.pk}/")
        event = AuditEvent.objects.get(action="chart.view_demographics")
        self.assertEqual(
            (event.actor_id, event.client_id, event.outcome),
            (self.cast.clinician.pk, self.cast.client.pk, "ok"),
        )
        self.assertEqual(event.ip_address, "127.0.0.1")

    def test_it_answers_404_out_of_scope_and_audits_the_denial(self):
        self.login(self.cast.colleague)
        response = self.client.get(f"/clients/{self.cast.client.pk}/")
        self.assertEqual(response.status_code, 404)
        denied = AuditEvent.objects.get(outcome="denied")
        self.assertEqual((denied.client_id, denied.detail["status"]), (self.cast.client.pk, 404))

    def test_it_treats_tampered_ids_as_not_found(self):
        self.login(self.cast.clinician)
        for path in ("/clients/0/", "/clients/99999999999/", "/clients/abc/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_it_lists_only_clients_in_scope_on_the_census(self):
        cases = {
            "clinician": {"Robin Castillo"},
            "director": {"Robin Castillo", "Sasha Lind"},
            "colleague": set(),
            "biller": {"Robin Castillo", "Sasha Lind"},
        }
        for member, names in cases.items():
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                page = self.client.get("/clients/")
                shown = {c.display_name for c in page.context["page"].object_list}
                self.assertEqual(shown, names)
                self.assertNotContains(page, "Faraway")

    def test_the_census_makes_a_fixed_number_of_queries(self):
        from cairn.testing.factories import add_to_team, make_client, make_episode

        self.login(self.cast.director)
        self.client.get("/clients/")
        with self.assertNumQueries(8) as small:
            self.client.get("/clients/")
        for _ in range(30):
            client = make_client(self.cast.program)
            make_episode(client)
            add_to_team(client, self.cast.clinician)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get("/clients/")
