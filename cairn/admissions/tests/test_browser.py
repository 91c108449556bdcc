"""The admissions workflow in a real browser (issue 4, tests): an inquiry through screening and
assessment to admission, and the new client on the census."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cairn.accounts.roles import Role
from cairn.testing.browser import BrowserTestCase
from cairn.testing.factories import make_program, make_track, make_user


class AdmissionWorkflowTest(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.program = make_program(name="Harbor IOP")
        make_track(self.program, name="Evening track", code="evening")
        self.intake = make_user(
            username="iwalker", first_name="Isaac", roles=[Role.INTAKE], program=self.program
        )
        self.clinician = make_user(
            username="cruiz",
            first_name="Carmen",
            last_name="Ruiz",
            roles=[Role.CLINICIAN],
            program=self.program,
        )

    def test_it_takes_an_inquiry_to_admission_and_shows_the_client_on_the_census(self):
        page = self.page
        self.sign_in_with_totp(self.intake)
        page.goto(self.url("/admissions/"))
        page.get_by_role("link", name="New inquiry").click()
        page.get_by_label("First name").fill("Quinn")
        page.get_by_label("Last name").fill("Ortiz")
        page.get_by_label("Date of birth").fill("1990-04-12")
        page.get_by_label("Referred by").select_option("inpatient")
        page.get_by_label("Referring organization").fill("Mercy detox unit")
        page.get_by_label("Alcohol").check()
        page.get_by_role("button", name="Save inquiry").click()
        expect(page.locator(".messages")).to_contain_text("Recorded the inquiry about Quinn Ortiz")

        page.get_by_role("link", name="Record screening").click()
        answers = {
            "Stepping down": "Yes",
            "Needs structure": "Yes",
            "safe, stable place": "Yes",
            "withdrawal": "No",
            "imminent risk": "No",
            "3–5 days": "Yes",
        }
        for question, answer in answers.items():
            page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Record screening").click()
        expect(page.get_by_role("status").first).to_contain_text("IOP looks right")

        page.get_by_role("link", name="Schedule assessment").click()
        when = timezone.localtime() + timedelta(days=1)
        page.get_by_label("Date and time").fill(when.strftime("%Y-%m-%dT10:00"))
        page.get_by_label("Assessor").select_option(label="Carmen Ruiz")
        page.get_by_role("button", name="Schedule").click()
        expect(page.locator("h1 + div")).to_contain_text("Assessment scheduled")
        inquiry_url = page.url

        self.context.clear_cookies()
        self.sign_in_with_totp(self.clinician)
        page.goto(inquiry_url)
        page.get_by_role("link", name="Record assessment").click()
        for n in range(1, 7):
            page.get_by_role("group", name=f"Dimension {n}:").get_by_label("2 moderate").check()
            page.get_by_label(f"What you found (dimension {n})").fill(f"Moderate needs, {n}.")
        recommendation = page.locator("#recommendation")
        recommendation.get_by_text("Level 2.1 — intensive outpatient").wait_for()
        page.get_by_role("button", name="Record assessment").click()

        page.get_by_role("link", name="Admit").click()
        page.get_by_label("Track").select_option(label="Evening track")
        page.get_by_role("button", name="Admit").click()
        expect(page.locator(".messages")).to_contain_text("Admitted Quinn Ortiz")
        header = page.locator(".chart-header").inner_text()
        assert "Evening track" in header and "C000001" in header

        page.goto(self.url("/clients/"))
        assert "Quinn Ortiz" in page.locator("table").inner_text()
        page.goto(self.url("/clients/census/"))
        assert "Quinn Ortiz" in page.get_by_role("region", name="Admitted this week").inner_text()
        assert self.console_errors == []
