"""Signing in with a password and an authenticator code, in a real browser (issue 2 point 8,
issue 3 tests)."""

from django.test import override_settings
from playwright.sync_api import expect

from cairn.accounts.roles import Role
from cairn.testing.browser import BrowserTestCase
from cairn.testing.factories import make_program, make_user


class SignInTest(BrowserTestCase):
    def test_it_signs_in_with_totp_and_shows_the_home_page(self):
        program = make_program(name="Harbor IOP")
        user = make_user(
            username="carmen", first_name="Carmen", roles=[Role.CLINICIAN], program=program
        )
        self.sign_in_with_totp(user)
        self.page.wait_for_url(self.url("/"))
        heading = self.page.get_by_role("heading", level=1)
        assert "Carmen" in heading.inner_text()
        assert "Harbor IOP" in self.page.locator(".navbar-brand").inner_text()
        assert self.console_errors == []

    def test_it_refuses_a_wrong_code_with_a_clear_message(self):
        program = make_program()
        user = make_user(username="sam", roles=[Role.CLINICIAN], program=program)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        self.sign_in("sam")
        self.page.get_by_label("Six-digit code from your authenticator app").fill("000000")
        self.page.get_by_role("button", name="Continue").click()
        expect(self.page.locator(".invalid-feedback")).to_contain_text("isn't right")
        self.page.goto(self.url("/"))
        assert "/accounts/mfa/" in self.page.url


@override_settings(IDLE_TIMEOUT_MINUTES=62 / 60)  # 62 seconds: the warning shows after 2
class IdleWarningTest(BrowserTestCase):
    def test_it_warns_a_minute_before_automatic_logoff_and_can_extend(self):
        user = make_user(username="dana", roles=[Role.DIRECTOR], program=make_program())
        self.sign_in_with_totp(user)
        self.page.wait_for_url(self.url("/"))
        warning = self.page.get_by_role("alertdialog")
        warning.wait_for(state="visible", timeout=8_000)
        assert "signed out in" in warning.inner_text()
        self.page.get_by_role("button", name="Stay signed in").click()
        warning.wait_for(state="hidden", timeout=5_000)
        self.page.goto(self.url("/clients/"))
        assert "/accounts/login/" not in self.page.url
