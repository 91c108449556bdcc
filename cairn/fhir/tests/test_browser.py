"""Registering a system client in a real browser (issue 13, staff UI), then using the secret
shown once to get a token and search the API."""

import base64

from playwright.sync_api import expect

from cairn.accounts.roles import Role
from cairn.testing.browser import BrowserTestCase
from cairn.testing.factories import make_client, make_program, make_user


class RegisterClientWorkflowTest(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.program = make_program(name="Harbor IOP")
        make_client(self.program, first_name="Quinn", last_name="Ortiz")
        self.director = make_user(
            username="dmorgan", first_name="Dana", roles=[Role.DIRECTOR], program=self.program
        )

    def test_it_registers_a_client_whose_secret_gets_a_token(self):
        page = self.page
        self.sign_in_with_totp(self.director)
        page.goto(self.url("/fhir/clients/"))
        page.get_by_role("link", name="Register a client").click()
        page.get_by_label("Recipient name").fill("Harbor Data Warehouse")
        page.get_by_label("Kind of recipient").select_option("treating_provider")
        page.get_by_role("combobox", name="Purpose").select_option("treatment")
        page.get_by_label("Patient (read, search)").check()
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("alert")).to_contain_text("shown only once")
        codes = page.locator("dd code").all_inner_texts()
        client_id, secret = codes[0], codes[1]

        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        token = page.request.post(
            self.url("/fhir/R4/auth/token"),
            form={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {basic}"},
        ).json()["access_token"]
        bundle = page.request.get(
            self.url("/fhir/R4/Patient"), headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert bundle["resourceType"] == "Bundle"
        assert bundle["total"] == 0  # no consent names this recipient yet (42 CFR Part 2)

        page.goto(self.url("/fhir/clients/"))
        assert "Harbor Data Warehouse" in page.get_by_role("table").inner_text()
        assert secret not in page.content()
