from django.urls import reverse

from cairn.testing.cases import CastTestCase


class PortalLayoutTest(CastTestCase):
    def test_it_shows_the_clients_name_menu_and_crisis_help(self):
        self.login(self.cast.portal)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, self.cast.client.first_name)
        self.assertContains(response, 'href="tel:988"')
        self.assertContains(response, reverse("portal:checkin"))
        self.assertContains(response, reverse("portal:plan"))

    def test_it_speaks_spanish_when_the_client_chose_it(self):
        self.login(self.cast.portal)
        self.client.post(reverse("portal:language"), {"language": "es", "next": "/portal/"})
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "Llame o envíe un texto al 988")
        self.assertContains(response, '<html lang="es">')
        self.cast.portal.refresh_from_db()
        self.assertEqual(self.cast.portal.language, "es")


class PortalTwoStepTest(CastTestCase):
    def test_it_asks_for_the_code_once_a_client_turned_two_step_on(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=self.cast.portal, name="phone", confirmed=True)
        self.client.force_login(self.cast.portal)
        response = self.client.get(reverse("portal:home"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:mfa_verify"), response["Location"])

    def test_it_lets_a_client_without_two_step_in_with_the_password(self):
        self.client.force_login(self.cast.portal)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "two-step sign-in (optional)")

    def test_it_sends_a_client_to_the_portal_after_signing_in(self):
        self.cast.portal.set_password("long-enough-pass-2026")
        self.cast.portal.save()
        response = self.client.post(
            reverse("accounts:login"),
            {"username": "portal", "password": "long-enough-pass-2026"},
        )
        self.assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)


class PortalHomeQueriesTest(CastTestCase):
    def test_it_keeps_a_steady_number_of_queries(self):
        from datetime import timedelta

        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from cairn.testing.plans import make_relapse_plan
        from cairn.testing.sessions import make_session

        make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=True)
        tomorrow = timezone.localdate() + timedelta(days=1)
        make_session(
            self.cast.program, self.cast.clinician, clients=[self.cast.client], day=tomorrow
        )
        self.login(self.cast.portal)
        self.client.get(reverse("portal:home"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("portal:home"))
        for days in range(2, 6):
            make_session(
                self.cast.program,
                self.cast.clinician,
                clients=[self.cast.client],
                day=tomorrow + timedelta(days=days),
                mode="telehealth",
                telehealth_url="https://video.example.org/room",
            )
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "Join by video")
        self.assertEqual(len(few), len(many))
