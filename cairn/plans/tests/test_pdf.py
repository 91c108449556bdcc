"""Printable plans (issue 9, point 5): WeasyPrint PDFs from the print templates, and the
wallet card; the discharge packet pulls the latest relapse-prevention plan (point 6)."""

import io

from django.test import TestCase
from pypdf import PdfReader

from cairn.plans import links, pdf
from cairn.testing.cast import build_cast
from cairn.testing.plans import make_relapse_plan, make_treatment_plan


def _text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


class PdfTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()
        cls.rp = make_relapse_plan(cls.cast.client, by=cls.cast.clinician, client_signed=True)
        cls.tp = make_treatment_plan(cls.cast.client, by=cls.cast.clinician, client_signed=True)

    def test_the_relapse_prevention_pdf_holds_the_clients_triggers(self):
        pages, text = _text(pdf.relapse_pdf(self.rp))
        self.assertEqual(pages, 1)
        for trigger in ("My old drinking buddy Vic", "The Anchor Bar on 5th", "Payday Fridays"):
            self.assertIn(trigger, text)
        self.assertIn("988", text)

    def test_the_wallet_card_holds_the_red_zone_and_phone_numbers(self):
        pages, text = _text(pdf.wallet_card_pdf(self.rp))
        self.assertEqual(pages, 2)
        self.assertIn("Leave the place now", text)
        self.assertIn("555-0101", text)
        self.assertIn("988", text)
        self.assertNotIn("Castillo", text)

    def test_the_treatment_plan_pdf_fits_one_page(self):
        pages, text = _text(pdf.treatment_pdf(self.tp))
        self.assertEqual(pages, 1)
        self.assertIn("I want to stop drinking.", text)
        self.assertIn("Robin Castillo", text)

    def test_the_discharge_packet_gets_the_latest_signed_plan(self):
        self.assertEqual(links.latest_relapse_plan(self.cast.client), self.rp)
        html = links.discharge_packet_section(None, self.cast.client.episodes.get())
        self.assertIn("The Anchor Bar on 5th", html)
        self.assertIsNone(links.latest_relapse_plan(self.cast.other_client))

    def test_the_discharge_packet_never_gets_a_draft(self):
        make_relapse_plan(self.cast.other_client, by=self.cast.clinician)
        self.assertIsNone(links.latest_relapse_plan(self.cast.other_client))
