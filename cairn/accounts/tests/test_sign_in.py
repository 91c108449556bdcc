"""Sign-in, the second factor, lockout, automatic logoff and password changes (issue 3,
point 6 and its bad input)."""

import time

from django.test import TestCase, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.middleware import SESSION_KEY
from cairn.accounts.roles import Role
from cairn.audit.models import AuditEvent
from cairn.testing.factories import PASSWORD, make_program, make_user, verified_login


def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"


class SignInTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.program = make_program()
        cls.user = make_user(username="carmen", roles=[Role.CLINICIAN], program=cls.program)

    def _password_step(self, password=PASSWORD):
        return self.client.post("/accounts/login/", {"username": "carmen", "password": password})

    def test_it_asks_a_new_staff_member_to_enrol_an_authenticator(self):
        self._password_step()
        response = self.client.get("/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], "/accounts/mfa/setup/?next=%2F")
        self.assertContains(response, "Set up two-step sign-in")
        device = TOTPDevice.objects.get(user=self.user, confirmed=False)
        response = self.client.post("/accounts/mfa/setup/?next=/", {"token": _code(device)})
        self.assertRedirects(response, "/")
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_it_requires_the_code_before_any_staff_page(self):
        TOTPDevice.objects.create(user=self.user, name="phone", confirmed=True)
        self._password_step()
        for path in ("/", "/clients/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/mfa/"))

    def test_it_signs_in_with_a_valid_code(self):
        device = TOTPDevice.objects.create(user=self.user, name="phone", confirmed=True)
        self._password_step()
        response = self.client.post("/accounts/mfa/?next=/", {"token": _code(device)})
        self.assertRedirects(response, "/")
        self.assertTrue(AuditEvent.objects.filter(action="mfa.success", actor_id=self.user.pk))

    def test_it_refuses_a_replayed_code(self):
        device = TOTPDevice.objects.create(user=self.user, name="phone", confirmed=True)
        code = _code(device)
        self._password_step()
        self.client.post("/accounts/mfa/", {"token": code})
        self.client.logout()
        self._password_step()
        response = self.client.post("/accounts/mfa/", {"token": code})
        self.assertContains(response, "already used")
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_it_refuses_a_wrong_or_malformed_code_with_a_message(self):
        TOTPDevice.objects.create(user=self.user, name="phone", confirmed=True)
        self._password_step()
        for token, message in (("123456", "isn&#x27;t right"), ("12ab56", "digits only")):
            with self.subTest(token=token):
                response = self.client.post("/accounts/mfa/", {"token": token})
                self.assertContains(response, message)

    def test_it_explains_a_wrong_password_and_records_it(self):
        response = self._password_step("not-the-password")
        self.assertContains(response, "That username and password don")
        self.assertTrue(AuditEvent.objects.filter(action="login.failed").exists())

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_it_locks_the_account_after_repeated_failures(self):
        for _ in range(3):
            self._password_step("wrong-password-again")
        response = self._password_step()  # even the right password, while locked
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Sign-in is paused for this account", status_code=429)
        self.assertFalse(response.wsgi_request.user.is_authenticated)

    @override_settings(DEBUG=True)
    def test_it_exempts_demo_accounts_only_while_debug_is_on(self):
        demo = make_user(
            username="demo", roles=[Role.CLINICIAN], program=self.program, demo_account=True
        )
        self.client.force_login(demo)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_it_does_not_exempt_demo_accounts_in_production(self):
        demo = make_user(
            username="demo", roles=[Role.CLINICIAN], program=self.program, demo_account=True
        )
        self.client.force_login(demo)
        self.assertEqual(self.client.get("/").status_code, 302)


class AutomaticLogoffTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(roles=[Role.CLINICIAN], program=make_program())

    def _age_session(self, seconds: int):
        session = self.client.session
        session[SESSION_KEY] = time.time() - seconds
        session.save()

    def test_it_signs_out_after_the_idle_timeout(self):
        verified_login(self.client, self.user)
        self.client.get("/")
        self._age_session(16 * 60)
        response = self.client.get("/clients/")
        self.assertRedirects(
            response, "/accounts/login/?next=/clients/", fetch_redirect_response=False
        )
        follow = self.client.get(response["Location"])
        self.assertContains(follow, "signed out after 15 minutes without activity")
        self.assertTrue(AuditEvent.objects.filter(action="session.idle_logout").exists())

    def test_it_tells_htmx_to_go_to_sign_in(self):
        verified_login(self.client, self.user)
        self.client.get("/")
        self._age_session(16 * 60)
        response = self.client.get("/clients/", headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 204)
        self.assertTrue(response["HX-Redirect"].startswith("/accounts/login/"))

    def test_it_does_not_let_passive_requests_keep_a_session_alive(self):
        verified_login(self.client, self.user)
        self.client.get("/")
        self._age_session(14 * 60)
        status = self.client.get("/accounts/session/", headers={"X-Cairn-Passive": "1"}).json()
        self.assertLessEqual(status["seconds_left"], 60)
        self._age_session(14 * 60 + 59)
        self.client.get("/accounts/session/", headers={"X-Cairn-Passive": "1"})
        self._age_session(16 * 60)
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_it_extends_the_session_when_asked(self):
        verified_login(self.client, self.user)
        self.client.get("/")
        self._age_session(14 * 60)
        response = self.client.post("/accounts/session/extend/")
        self.assertGreater(response.json()["seconds_left"], 14 * 60)


class PasswordTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(
            username="carmen.delarosa",
            first_name="Morgan",
            roles=[Role.DIRECTOR],
            program=make_program(),
        )

    def test_it_ends_every_other_session_when_the_password_changes(self):
        from django.test import Client

        other_device = Client()
        verified_login(other_device, self.user)
        self.assertEqual(other_device.get("/").status_code, 200)
        verified_login(self.client, self.user)
        response = self.client.post(
            "/accounts/me/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "a quiet river in May 2026",
                "new_password2": "a quiet river in May 2026",
            },
        )
        self.assertRedirects(response, "/accounts/me/")
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(other_device.get("/").status_code, 302)

    def test_it_refuses_short_common_and_name_like_passwords(self):
        verified_login(self.client, self.user)
        cases = {
            "short1!": "at least 12 characters",
            "password1234": "too common",
            "carmendelarosa": "too similar",
        }
        for password, message in cases.items():
            with self.subTest(password=password):
                response = self.client.post(
                    "/accounts/me/password/",
                    {
                        "old_password": PASSWORD,
                        "new_password1": password,
                        "new_password2": password,
                    },
                )
                self.assertContains(response, message)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(PASSWORD))

    def test_it_hashes_with_argon2(self):
        from django.contrib.auth.hashers import identify_hasher, make_password

        with self.settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
            self.assertEqual(identify_hasher(make_password("x" * 12)).algorithm, "argon2")
