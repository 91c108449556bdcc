"""Preparing a disclosure to a family member in a real browser (issue 12, tests): the clinician
prepares a consent from the family template, Robin signs it on screen, then the clinician finds
the consent that covers Maria and family support, produces the package, downloads it — the
notice on every page, only what Robin allowed — and the accounting lists it."""

from cairn.consents.tests.pdfs import page_texts
from cairn.consents.tests.records import give_records
from cairn.consents.vocabulary import NOTICE_SHORT
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast


class FamilyDisclosureTest(BrowserTestCase):
    def test_it_prepares_signs_and_discloses_to_a_family_member(self):
        cast = build_cast()
        give_records(cast)
        client = cast.client
        self.sign_in_with_totp(cast.clinician)
        self.page.wait_for_url(self.url("/"))
        page = self.page

        page.goto(self.url(f"/clients/{client.pk}/"))
        page.get_by_role("link", name="Consents & disclosures").click()
        page.get_by_role("link", name="Family member").click()
        page.get_by_label("Recipient", exact=True).fill("Maria Castillo (mother)")
        page.get_by_label("Medications").check()
        page.get_by_role("button", name="Save and go to signature").click()

        page.wait_for_url("**/consents/*/sign/")
        page.get_by_label("The client").check()
        page.get_by_label("Full name of the person signing").fill("Robin Castillo")
        page.get_by_label("I have read this consent").check()
        page.get_by_role("button", name="Sign the consent").click()
        page.wait_for_url("**/consents/*/")
        assert "In effect" in page.locator(".consent-status").first.inner_text()

        page.get_by_role("link", name="Consents & disclosures").click()
        page.get_by_role("link", name="Prepare a disclosure").click()
        page.get_by_label("Recipient's name").fill("maria castillo")
        page.get_by_label("Purpose").select_option(label="Family involvement and recovery support")
        page.get_by_role("button", name="Find consents").click()
        page.get_by_role("link", name="Use this consent").click()
        page.get_by_label("Treatment plan").uncheck()
        page.get_by_role("button", name="Produce the package").click()

        page.wait_for_url("**/disclosures/*/")
        assert "The package is ready" in page.locator(".messages").inner_text()
        assert "Maria Castillo (mother)" in page.locator("main").inner_text()
        link = page.get_by_role("link", name="Download the package (PDF)")
        pdf = self.context.request.get(self.url(link.get_attribute("href")))
        pages = page_texts(pdf.body())
        assert all(NOTICE_SHORT in text for text in pages)
        everything = " ".join(pages)
        assert "Naltrexone" in everything
        assert "RELAPSE-PREVENTION-GROUP" in everything
        assert "PROGRESS-NOTE-TEXT" not in everything
        assert "COUNSELING-NOTE-TEXT" not in everything

        page.goto(self.url(f"/clients/{client.pk}/accounting/"))
        row = page.locator(".accounting-table tbody tr")
        assert row.count() == 1
        assert "Maria Castillo (mother)" in row.inner_text()
        assert "Medications (1 record)" in row.inner_text()
        assert self.console_errors == []
