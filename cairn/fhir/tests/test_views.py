"""The staff page registering system clients: directors and admins of the program
(CONFIGURE_PROGRAM); the secret is shown once and stored hashed."""

from oauth2_provider.models import Application

from cairn.audit.models import AuditEvent
from cairn.fhir.models import SystemClient
from cairn.fhir.registration import register_client
from cairn.testing.cases import CastTestCase

VALID = {
    "name": "County Health Plan",
    "recipient_kind": "insurer",
    "purpose": "payment",
    "scopes": ["system/Patient.rs", "system/Encounter.rs"],
}


class ClientPagesTest(CastTestCase):
    def test_it_lists_the_programs_clients_for_directors_and_admins(self):
        register_client(
            self.cast.program,
            name="Riverside HIE",
            scopes=["system/*.rs"],
            purpose="treatment",
            recipient_kind="treating_provider",
        )
        for user in (self.cast.director, self.cast.admin):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.get("/fhir/clients/")
                self.assertContains(response, "Riverside HIE")

    def test_it_shows_an_empty_state(self):
        self.login(self.cast.director)
        self.assertContains(self.client.get("/fhir/clients/"), "No system clients yet")

    def test_it_answers_403_to_other_roles(self):
        for user in (self.cast.clinician, self.cast.biller, self.cast.intake):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get("/fhir/clients/").status_code, 403)
                self.assertEqual(self.client.post("/fhir/clients/new/", VALID).status_code, 403)

    def test_it_answers_404_to_an_outsider(self):
        client, _ = register_client(
            self.cast.program,
            name="Riverside HIE",
            scopes=["system/*.rs"],
            purpose="treatment",
            recipient_kind="treating_provider",
        )
        self.login(self.cast.outsider)
        response = self.client.post(f"/fhir/clients/{client.pk}/turn-off/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(self.client.get("/fhir/clients/"), "Riverside HIE")
        client.refresh_from_db()
        self.assertTrue(client.active)

    def test_it_redirects_anonymous_visitors(self):
        self.assertEqual(self.client.get("/fhir/clients/").status_code, 302)

    def test_it_answers_405_to_a_wrong_method(self):
        self.login(self.cast.director)
        self.assertEqual(self.client.delete("/fhir/clients/new/").status_code, 405)
        self.assertEqual(self.client.put("/fhir/clients/").status_code, 405)

    def test_it_registers_a_client_and_shows_the_secret_once(self):
        self.login(self.cast.director)
        response = self.client.post("/fhir/clients/new/", VALID)
        self.assertEqual(response.status_code, 200)
        client = SystemClient.objects.get()
        self.assertEqual(client.program, self.cast.program)
        self.assertEqual(client.scope_list, VALID["scopes"])
        secret = response.context["secret"]
        self.assertContains(response, secret)
        stored = Application.objects.get().client_secret
        self.assertNotEqual(stored, secret)  # hashed
        self.assertNotContains(self.client.get("/fhir/clients/"), secret)
        self.assertTrue(AuditEvent.objects.filter(action="fhir.client.register").exists())

    def test_it_refuses_bad_input_and_writes_nothing(self):
        self.login(self.cast.director)
        response = self.client.post("/fhir/clients/new/", {**VALID, "scopes": ["system/x"]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nothing was saved", status_code=400)
        response = self.client.post("/fhir/clients/new/", {**VALID, "name": ""})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(SystemClient.objects.exists())

    def test_it_turns_a_client_off(self):
        client, _ = register_client(
            self.cast.program,
            name="Old HIE",
            scopes=["system/*.rs"],
            purpose="treatment",
            recipient_kind="treating_provider",
        )
        self.login(self.cast.director)
        response = self.client.post(f"/fhir/clients/{client.pk}/turn-off/")
        self.assertEqual(response.status_code, 302)
        client.refresh_from_db()
        self.assertFalse(client.active)
