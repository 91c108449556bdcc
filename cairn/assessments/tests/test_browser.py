"""In a real browser (issue 8, tests): a clinician enters a PHQ-9 whose item 9 is above zero,
sees the trend with its chart and table and the urgent alert, and documents the response; on a
phone the questionnaire shows one question per screen and saves the draft as it goes."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cairn.assessments.models import Administration
from cairn.assessments.tests.test_trends import phq9
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast
from cairn.testing.factories import make_administration

ANSWERS = [
    "More than half the days",
    "More than half the days",
    "Several days",
    "Nearly every day",
    "Several days",
    "Several days",
    "Not at all",
    "Not at all",
    "Several days",  # item 9: thoughts of self-harm
]


class PhqTrendAndAlertTest(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.cast = build_cast()
        make_administration(
            self.cast.client,
            "phq9",
            phq9(17),
            by=self.cast.clinician,
            occasion="intake",
            administered_at=timezone.now() - timedelta(days=15),
        )

    def test_it_enters_a_phq9_and_shows_the_trend_and_the_safety_alert(self):
        page = self.page
        self.sign_in_with_totp(self.cast.clinician)
        page.wait_for_url(self.url("/"))
        page.goto(self.url(f"/clients/{self.cast.client.pk}/assessments/"))
        page.get_by_role("button", name="Start PHQ-9").click()

        for number, answer in enumerate(ANSWERS, 1):
            page.locator(f"#question-{number}").get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Submit and score").click()

        expect(page.locator(".messages")).to_contain_text(
            "PHQ-9 scored 11 (moderate). Safety alert raised"
        )
        header_alert = page.get_by_role("list", name="Alerts")
        assert "question 9" in header_alert.inner_text()

        page.get_by_role("link", name="All assessments and trends").click()
        trend = page.get_by_role("article", name="PHQ-9")
        expect(trend).to_contain_text("Latest 11 (moderate) · intake 17")
        assert "Reliably improved" in trend.inner_text()  # 17 → 11: six points
        canvas = trend.locator("canvas[data-trend=phq9]")
        page.wait_for_function("document.querySelector('canvas[data-trend=phq9]').width > 0")
        assert page.evaluate("!!window.Chart.getChart(document.querySelector('canvas'))")
        assert canvas.get_attribute("role") == "img"
        trend.get_by_text("Scores as a table").click()
        rows = trend.locator("tbody tr")
        assert rows.count() == 2
        assert "safety flag" in rows.nth(1).inner_text()

        safety = page.get_by_role("region", name="Safety alerts waiting for a response")
        safety.get_by_role("link", name="Document the response").click()
        page.get_by_label("C-SSRS completed").check()
        page.get_by_label("Low", exact=True).check()
        page.get_by_label("Safety plan").fill("Safety plan reviewed; follow-up call tomorrow.")
        page.get_by_label("Who was told").fill("Supervisor, 3:10 pm.")
        page.get_by_role("button", name="Save the response and resolve the alert").click()

        expect(page.locator(".messages")).to_contain_text("the alert is resolved")
        assert page.get_by_role("list", name="Alerts").count() == 0
        assert self.console_errors == []


class PhoneStepperTest(BrowserTestCase):
    viewport = {"width": 390, "height": 844}

    def test_it_shows_one_question_per_screen_and_saves_the_draft_as_it_goes(self):
        cast = build_cast()
        page = self.page
        self.sign_in_with_totp(cast.clinician)
        page.wait_for_url(self.url("/"))
        page.goto(self.url(f"/clients/{cast.client.pk}/assessments/"))
        page.get_by_role("button", name="Start GAD-7").click()

        progress = page.locator("[data-stepper-progress]")
        expect(progress).to_have_text("Question 1 of 7")
        assert page.locator(".question:visible").count() == 1
        page.locator(".question:visible").get_by_label("Several days").check()
        page.get_by_role("button", name="Next").click()
        expect(progress).to_have_text("Question 2 of 7")
        page.get_by_text("Draft saved.").wait_for()
        draft = Administration.objects.get(client=cast.client, instrument="gad7")
        assert draft.answers == {"1": 1}
        assert not page.get_by_role("button", name="Submit and score").is_visible()
        assert self.console_errors == []
