"""The sign-in and two-step sign-in pages speak a portal user's language (issue 11.8); staff
pages stay English."""

from pathlib import Path

import polib
from django.urls import reverse

from cairn.portal.middleware import SESSION_KEY
from cairn.testing.cases import CastTestCase
from cairn.testing.i18n import marked_msgids

ACCOUNTS_PO = Path(__file__).parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_every_marked_accounts_string_has_a_spanish_entry():
    po = polib.pofile(str(ACCOUNTS_PO))
    assert not po.untranslated_entries()
    missing = sorted(marked_msgids(ACCOUNTS_PO.parents[3]) - {entry.msgid for entry in po})
    assert not missing, f"add these to {ACCOUNTS_PO}: {missing}"


class TwoStepLanguageTest(CastTestCase):
    def spanish_client(self):
        self.cast.portal.language = "es"
        self.cast.portal.save(update_fields=["language"])
        self.client.force_login(self.cast.portal)

    def test_a_spanish_speaking_client_sets_up_two_step_sign_in_in_spanish(self):
        self.spanish_client()
        response = self.client.get(reverse("accounts:mfa_setup"))
        self.assertContains(response, "Configure el inicio de sesión en dos pasos")
        self.assertContains(response, "Código de seis dígitos de su aplicación de autenticación")
        self.assertNotContains(response, "Set up two-step sign-in")

    def test_a_wrong_code_is_explained_in_spanish(self):
        self.spanish_client()
        response = self.client.post(reverse("accounts:mfa_setup"), {"token": "12a456"})
        self.assertContains(response, "El código tiene solo números.")
        response = self.client.post(reverse("accounts:mfa_setup"), {"token": "000000"})
        self.assertContains(response, "Ese código no es correcto o ya se usó.")

    def test_the_code_page_tells_a_client_to_call_the_program(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=self.cast.portal, name="phone", confirmed=True)
        self.spanish_client()
        response = self.client.get(reverse("accounts:mfa_verify"))
        self.assertContains(response, "Un paso más")
        self.assertContains(response, "Llame a su programa")

    def test_staff_pages_stay_english(self):
        self.client.force_login(self.cast.clinician)
        response = self.client.get(reverse("accounts:mfa_setup"))
        self.assertContains(response, "Set up two-step sign-in")
        self.assertContains(response, '<html lang="en">')


class SignInLanguageTest(CastTestCase):
    def test_the_sign_in_page_keeps_the_language_chosen_in_the_portal(self):
        session = self.client.session
        session[SESSION_KEY] = "es"
        session.save()
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, "Iniciar sesión en Cairn")
        self.assertEqual(response.headers["Content-Language"], "es")

    def test_the_sign_in_page_is_english_by_default(self):
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, "Sign in to Cairn")
