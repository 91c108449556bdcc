"""Managing a care team in a real browser: from the chart overview, add a colleague, make them
the primary clinician, take someone off the team."""

from playwright.sync_api import expect

from cairn.accounts.roles import Role
from cairn.testing.browser import BrowserTestCase
from cairn.testing.factories import add_to_team, make_client, make_episode, make_program, make_user


class CareTeamWorkflowTest(BrowserTestCase):
    def setUp(self):
        super().setUp()
        program = make_program(name="Harbor IOP")
        self.clinician = make_user(
            username="cruiz",
            first_name="Carmen",
            last_name="Ruiz",
            roles=[Role.CLINICIAN],
            program=program,
        )
        make_user(
            username="jkim",
            first_name="James",
            last_name="Kim",
            roles=[Role.CLINICIAN],
            program=program,
        )
        nurse = make_user(
            username="nhughes",
            first_name="Nora",
            last_name="Hughes",
            roles=[Role.PRESCRIBER],
            program=program,
        )
        self.person = make_client(program, first_name="Quinn", last_name="Ortiz")
        make_episode(self.person, primary_clinician=self.clinician)
        add_to_team(self.person, self.clinician, role="primary")
        add_to_team(self.person, nurse, role="prescriber")

    def test_it_adds_a_colleague_makes_them_primary_and_takes_someone_off(self):
        page = self.page
        page.on("dialog", lambda dialog: dialog.accept())
        self.sign_in_with_totp(self.clinician)
        page.goto(self.url(f"/clients/{self.person.pk}/"))
        page.get_by_role("link", name="Manage the care team").click()

        page.get_by_label("Who").select_option(label="James Kim")
        page.get_by_label("Role on the team").select_option(label="Family therapist")
        page.get_by_role("button", name="Add to the team").click()
        expect(page.locator(".messages")).to_contain_text("Added James Kim to the care team")

        page.get_by_label("New primary clinician").select_option(label="James Kim")
        page.get_by_role("button", name="Make primary clinician").click()
        expect(page.locator(".messages")).to_contain_text("James Kim is now the primary clinician")
        team = page.get_by_role("table").inner_text()
        assert "James Kim\tPrimary clinician" in team
        assert "Carmen Ruiz\tClinician" in team
        assert "Primary clinician James Kim" in page.locator(".chart-facts").inner_text()

        page.get_by_role("button", name="Remove Nora Hughes").click()
        expect(page.locator(".messages")).to_contain_text("Removed Nora Hughes")
        assert "Nora Hughes" not in page.get_by_role("table").inner_text()
        assert "Earlier members (1)" in page.content()
        assert not self.console_errors
