"""End to end on a phone (360 × 740): sign in, check in, read the plan; and axe-core on the
portal pages (no serious or critical violations)."""

from playwright.sync_api import expect

from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast
from cairn.testing.factories import PASSWORD
from cairn.testing.plans import make_relapse_plan


class PortalPhoneTest(BrowserTestCase):
    viewport = {"width": 360, "height": 740}

    def setUp(self):
        super().setUp()
        self.cast = build_cast()
        make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=True, client_signed=True)
        self.cast.portal.set_password(PASSWORD)
        self.cast.portal.save()

    def _axe(self) -> list[str]:
        # From the live server's static files: the CSP allows scripts from 'self' only.
        self.page.add_script_tag(url=self.url("/static/vendor/axe/axe.min.js"))
        result = self.page.evaluate("() => axe.run(document)")
        return [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def _no_sideways_scroll(self):
        width = self.page.evaluate("() => document.documentElement.scrollWidth")
        self.assertLessEqual(width, 360)

    def test_it_lets_a_client_check_in_and_read_the_plan_on_a_phone(self):
        page = self.page
        self.sign_in("portal")
        page.wait_for_url("**/portal/")
        self.assertTrue(page.get_by_role("link", name="Call or text 988").is_visible())
        self._no_sideways_scroll()
        page.get_by_role("link", name="Check in now").click()
        page.get_by_label("7", exact=True).first.check()
        page.locator("#id_craving_2").check()
        page.get_by_label("Hours of sleep last night").fill("7.5")
        page.locator("#id_used_0").check()
        page.get_by_label("The Anchor Bar on 5th").check()
        page.get_by_role("button", name="Save my check-in").click()
        page.wait_for_url("**/portal/")
        self.assertTrue(page.get_by_text("Your check-in is saved").is_visible())
        self.assertTrue(page.get_by_text("Done for today").is_visible())
        page.get_by_role("navigation", name="Portal").get_by_role("link", name="Plan").click()
        expect(page.get_by_role("heading", name="My relapse-prevention plan")).to_be_visible()
        expect(page.get_by_text("Leave the place now").first).to_be_visible()
        self._no_sideways_scroll()
        self.assertEqual(self.console_errors, [])

    def test_it_has_no_serious_accessibility_violations(self):
        self.sign_in("portal")
        self.page.wait_for_url("**/portal/")
        for path in ("/portal/", "/portal/check-in/", "/portal/plan/"):
            with self.subTest(path=path):
                self.page.goto(self.url(path))
                self.assertEqual(self._axe(), [])
        self.page.goto(self.url("/portal/check-in/"))
        self.page.get_by_role("button", name="Save my check-in").click()
        expect(self.page.get_by_role("alert")).to_contain_text("Please check the answers")
        self.assertEqual(self._axe(), [], "the check-in with errors")
        self.page.get_by_role("button", name="Español").click()
        expect(self.page.get_by_role("heading", name="Registro diario")).to_be_visible()
        self.assertEqual(self._axe(), [], "in Spanish")
        self.page.goto(self.url("/accounts/mfa/setup/"))
        heading = self.page.get_by_role(
            "heading", name="Configure el inicio de sesión en dos pasos"
        )
        expect(heading).to_be_visible()
        qr = self.page.get_by_role("img", name="Código QR para su aplicación de autenticación")
        self.assertGreater(qr.evaluate("img => img.complete && img.naturalWidth"), 0)
        self._no_sideways_scroll()
        self.assertEqual(self._axe(), [], "two-step set-up in Spanish")

    def test_it_has_no_serious_accessibility_violations_on_the_join_page(self):
        self.page.goto(self.url("/portal/join/"))
        self.assertEqual(self._axe(), [])

    def test_it_has_no_serious_accessibility_violations_on_the_family_page(self):
        from cairn.accounts.models import User
        from cairn.consents.tests.factories import make_consent
        from cairn.portal.models import FamilyLink
        from cairn.testing.factories import make_contact

        contact = make_contact(self.cast.client, name="Maria Castillo", relationship="mother")
        make_consent(
            self.cast.client, self.cast.clinician, contact=contact, recipient_name="Maria Castillo"
        )
        family = User.objects.create_user(
            "maria", password=PASSWORD, kind=User.Kind.FAMILY, client=self.cast.client
        )
        FamilyLink.objects.create(user=family, client=self.cast.client, contact=contact)
        self.sign_in("maria")
        self.page.wait_for_url("**/portal/")
        self.assertTrue(self.page.get_by_text("Support without enabling").is_visible())
        self._no_sideways_scroll()
        self.assertEqual(self._axe(), [])
