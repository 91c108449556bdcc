"""Recording a drug screen in a real browser (issue 10, tests): a clinician reads a cup, a
prescribed buprenorphine positive comes out expected, a cocaine positive unexpected, the chart is
flagged with a prompt to review the recovery date, and the timeline marks both."""

from playwright.sync_api import expect

from cairn.medications.tests.factories import make_medication, make_recovery
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast


class RecordScreenTest(BrowserTestCase):
    def test_it_records_a_screen_and_marks_expected_and_unexpected_positives(self):
        cast = build_cast()
        client = cast.client
        make_medication(client, cast.prescriber)  # buprenorphine/naloxone
        make_recovery(client, cast.clinician, days=45)
        self.sign_in_with_totp(cast.clinician)
        self.page.wait_for_url(self.url("/"))
        page = self.page

        page.goto(self.url(f"/clients/{client.pk}/screens/"))
        page.get_by_role("link", name="Record a screen").click()
        page.get_by_text("Observed", exact=True).click()
        page.get_by_role("group", name="Buprenorphine").get_by_text("Positive").click()
        page.get_by_role("group", name="Cocaine (benzoylecgonine)").get_by_text("Positive").click()
        page.get_by_role("button", name="Mark the rest negative").click()
        page.get_by_role("button", name="Save the screen").click()

        page.wait_for_url("**/screens/*/")
        assert "unexpected positive: the chart is flagged" in page.locator(".messages").inner_text()
        positives = page.locator(".positive-row")
        assert positives.count() == 2
        bup = positives.filter(has_text="Buprenorphine")
        assert "Expected" in bup.inner_text()
        assert "Explained by: Buprenorphine/naloxone 8 mg/2 mg sublingual film" in bup.inner_text()
        assert "Unexpected" in positives.filter(has_text="Cocaine").inner_text()
        header_alerts = page.get_by_role("list", name="Alerts").inner_text()
        assert "Unexpected positive drug screen (Cocaine (benzoylecgonine))" in header_alerts
        assert "Review the recovery date" in header_alerts

        page.get_by_role("link", name="← All screens").click()
        page.wait_for_url(self.url(f"/clients/{client.pk}/screens/"))
        timeline = page.locator("table.timeline")
        expect(timeline.locator(".cell-unexpected")).to_have_count(1)
        expect(timeline.locator(".cell-expected")).to_have_count(1)
        assert "positive, unexpected" in timeline.inner_text()
        assert self.console_errors == []
