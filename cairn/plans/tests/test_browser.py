"""Writing a relapse-prevention plan with the client, signing it (clinician, then client on the
same screen) and printing it, in a real browser (issue 9, tests)."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from cairn.plans.models import RelapsePreventionVersion
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast
from cairn.testing.factories import PASSWORD


class RelapsePlanBrowserTest(BrowserTestCase):
    def test_it_writes_signs_and_prints_a_relapse_prevention_plan(self):
        cast = build_cast()
        client = cast.client
        page = self.page
        self.sign_in_with_totp(cast.clinician)
        page.wait_for_url(self.url("/"))
        page.goto(self.url(f"/clients/{client.pk}/"))
        page.get_by_role("link", name="Relapse prevention").click()
        page.get_by_role("button", name="Write the plan with the client").click()

        page.get_by_label("People", exact=True).fill("My old drinking buddy Vic")
        page.get_by_label("Places", exact=True).fill("The Anchor Bar on 5th\nFriday poker nights")
        page.get_by_label("Feelings", exact=True).fill("Lonely on Sunday nights")
        page.get_by_label("Times", exact=True).fill("Payday Fridays")
        page.get_by_label("Early warning signs").fill("Skipping meetings")
        page.get_by_label("Urge surfing").check()
        page.get_by_label("HALT check").check()
        supporter = page.get_by_role("group", name="Support person 1")
        supporter.get_by_label("Name").fill("Dana")
        supporter.get_by_label("Relationship").fill("sponsor")
        supporter.get_by_label("Phone").fill("555-0101")
        page.get_by_label("My reasons for recovery").fill("My daughter")
        page.get_by_label("Green — doing well: my daily habits").fill("Morning walk")
        page.get_by_label("Yellow — warning signs: what I will do").fill("Extra meeting")
        page.get_by_label("Red — using or about to: my immediate steps").fill(
            "Leave right away\nCall Dana"
        )
        page.get_by_role("button", name="Save and sign").click()

        page.get_by_label("Your password").fill("wrong password")
        page.get_by_role("button", name="Sign as clinician").click()
        expect(page.locator(".invalid-feedback")).to_contain_text("isn't right")
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Sign as clinician").click()
        expect(page.locator(".messages")).to_contain_text("You signed version 1")

        page.get_by_role("link", name="Client signs now").click()
        expect(page.locator("main")).to_contain_text("Type your full name")
        assert "The Anchor Bar on 5th" in page.locator("main").inner_text()
        page.get_by_label("Type your full name").fill("Robin Castillo")
        page.get_by_label("I helped write this plan and I agree with it.").check()
        page.get_by_role("button", name="Sign my plan").click()
        expect(page.locator(".messages")).to_contain_text("now the active plan")
        assert "Active" in page.locator(".page-header").inner_text()

        version = RelapsePreventionVersion.objects.get(plan__client=client)
        assert version.status == "active"
        assert version.triggers_places == ["The Anchor Bar on 5th", "Friday poker nights"]
        assert version.client_signature_witness_id == cast.clinician.pk

        page.get_by_role("link", name="Print").click()
        sheet = page.locator(".sheet").inner_text()
        assert "My old drinking buddy Vic" in sheet
        assert "988" in sheet
        href = page.get_by_role("link", name="Download PDF").get_attribute("href")
        response = page.request.get(self.url(href))
        assert response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert "Payday Fridays" in text
        # the one error: the 400 answering the wrong password
        assert [e for e in self.console_errors if "400" not in e] == []
