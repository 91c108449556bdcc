"""End to end: a clinician invites a client from the chart's Portal tab, the client joins on a
phone with the code shown on screen and lands on the portal home."""

from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast
from cairn.testing.factories import add_to_team, make_client, make_episode


class InviteToPortalTest(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.cast = build_cast()
        self.fresh = make_client(self.cast.program, first_name="Avery", last_name="Newman")
        make_episode(self.fresh)
        add_to_team(self.fresh, self.cast.clinician)

    def test_it_invites_a_client_who_then_joins_on_a_phone(self):
        page = self.page
        self.sign_in_with_totp(self.cast.clinician)
        page.goto(self.url(f"/clients/{self.fresh.pk}/portal/"))
        page.get_by_label("Who").select_option("client")
        page.get_by_role("button", name="Invite to portal").click()
        code = page.locator("[data-invitation-code]").inner_text()
        self.assertRegex(code, r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")

        phone = self.browser.new_context(viewport={"width": 360, "height": 740})
        client_page = phone.new_page()
        client_page.goto(self.url("/portal/join/"))
        client_page.get_by_label("Invitation code").fill(code)
        client_page.get_by_label("Choose a user name").fill("avery.n")
        client_page.get_by_label("Choose a password").fill("river-stone-1987-quiet")
        client_page.get_by_label("The same password again").fill("river-stone-1987-quiet")
        client_page.get_by_role("button", name="Create my account").click()
        client_page.wait_for_url("**/portal/")
        self.assertTrue(client_page.get_by_text("Hi, Avery").is_visible())
        self.assertTrue(client_page.get_by_role("link", name="Check in now").is_visible())
        phone.close()

        page.goto(self.url(f"/clients/{self.fresh.pk}/portal/"))
        self.assertTrue(page.get_by_text("avery.n — Client (portal)").is_visible())
