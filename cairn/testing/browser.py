"""Browser tests: a live server and Debian's Chromium driven by Playwright (never a
downloaded browser). Few, end-to-end, checking what a person sees (STYLE.md, convention 6)."""

import os

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from cairn.testing.factories import PASSWORD

CHROMIUM = os.environ.get("CAIRN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
class BrowserTestCase(StaticLiveServerTestCase):
    """Each test gets a fresh browser context (cookies) and ``self.page``.

    Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there
    unless told that is fine, which it is in tests (DJANGO_ALLOW_ASYNC_UNSAFE)."""

    viewport = {"width": 1280, "height": 900}

    @classmethod
    def setUpClass(cls):
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls._playwright = sync_playwright().start()
        cls.browser = cls._playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls._playwright.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.context = self.browser.new_context(viewport=self.viewport)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )

    def tearDown(self):
        self.context.close()
        super().tearDown()

    def url(self, path: str) -> str:
        return f"{self.live_server_url}{path}"

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        """Fill the sign-in form (the second step is the caller's business)."""
        self.page.goto(self.url("/accounts/login/"))
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in_with_totp(self, user, password: str = PASSWORD) -> None:
        """Sign in through both steps with a known TOTP device."""
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)
        self.sign_in(user.username, password)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.page.get_by_label("Six-digit code from your authenticator app").fill(
            f"{totp.token():06d}"
        )
        self.page.get_by_role("button", name="Continue").click()
