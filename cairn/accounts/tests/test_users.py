"""User management for administrators (issue 3, point 7)."""

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import Credential, StaffRole, User
from cairn.testing.cases import CastTestCase

NEW_USER = {
    "username": "new.counselor",
    "first_name": "Lee",
    "last_name": "Ngata",
    "email": "lee@example.test",
    "phone": "",
    "credentials_suffix": "CADC",
    "is_active": "on",
}


class UserManagementTest(CastTestCase):
    def _roles(self, *roles):
        return {f"roles_{self.cast.program.pk}": list(roles)}

    def test_it_lets_an_admin_create_a_staff_member_with_roles(self):
        self.login(self.cast.admin)
        response = self.client.post(
            "/accounts/users/new/", {**NEW_USER, **self._roles("clinician", "intake")}
        )
        user = User.objects.get(username="new.counselor")
        self.assertRedirects(response, f"/accounts/users/{user.pk}/")
        self.assertEqual(
            set(StaffRole.objects.filter(user=user).values_list("role", flat=True)),
            {"clinician", "intake"},
        )
        self.assertFalse(user.has_usable_password())

    def test_it_refuses_incomplete_input_and_writes_nothing(self):
        self.login(self.cast.admin)
        cases = [
            ({**NEW_USER, "first_name": ""}, self._roles("clinician"), "This field is required"),
            (NEW_USER, {}, "at least one role"),
            ({**NEW_USER, "prelicensed": "on"}, self._roles("clinician"), "needs a supervisor"),
            ({**NEW_USER, "username": "clinician"}, self._roles("clinician"), "already exists"),
        ]
        for data, roles, message in cases:
            with self.subTest(message=message):
                response = self.client.post("/accounts/users/new/", {**data, **roles})
                self.assertContains(response, message)
        self.assertFalse(User.objects.filter(username="new.counselor").exists())

    def test_it_records_credentials_and_flags_expired_ones(self):
        self.login(self.cast.admin)
        url = f"/accounts/users/{self.cast.clinician.pk}/credentials/"
        expired = (timezone.localdate() - timedelta(days=1)).isoformat()
        self.client.post(
            url, {"license_type": "LPC", "number": "123", "state": "ny", "expires_on": expired}
        )
        credential = Credential.objects.get(user=self.cast.clinician)
        self.assertEqual(credential.state, "NY")
        self.assertTrue(credential.is_expired())
        page = self.client.get("/accounts/users/")
        self.assertContains(page, "expired")

    def test_it_refuses_a_bad_credential(self):
        self.login(self.cast.admin)
        url = f"/accounts/users/{self.cast.clinician.pk}/credentials/"
        response = self.client.post(
            url,
            {"license_type": "LPC", "number": "1", "state": "New York", "expires_on": "2030-01-01"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Credential.objects.exists())

    def test_it_sets_a_temporary_password_that_meets_the_rules(self):
        self.login(self.cast.admin)
        url = f"/accounts/users/{self.cast.clinician.pk}/password/"
        self.assertEqual(self.client.post(url, {"password": "short"}).status_code, 400)
        response = self.client.post(url, {"password": "tidal-lantern-oak-97"})
        self.assertEqual(response.status_code, 302)
        self.cast.clinician.refresh_from_db()
        self.assertTrue(self.cast.clinician.check_password("tidal-lantern-oak-97"))

    def test_it_resets_a_lost_authenticator(self):
        TOTPDevice.objects.create(user=self.cast.clinician, name="old phone", confirmed=True)
        self.login(self.cast.admin)
        self.client.post(f"/accounts/users/{self.cast.clinician.pk}/reset-mfa/")
        self.assertFalse(TOTPDevice.objects.filter(user=self.cast.clinician).exists())

    def test_it_is_for_administrators_only(self):
        for member in ("director", "clinician", "biller"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get("/accounts/users/").status_code, 404)

    def test_an_admin_cannot_manage_users_of_another_program(self):
        self.login(self.cast.admin)
        response = self.client.get(f"/accounts/users/{self.cast.outsider.pk}/")
        self.assertEqual(response.status_code, 404)

    def test_an_admin_sees_no_clinical_content(self):
        self.login(self.cast.admin)
        self.assertEqual(self.client.get(f"/clients/{self.cast.client.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/clients/").status_code, 403)

    def test_the_admin_site_registers_no_client_data(self):
        from django.contrib import admin

        from cairn.core.tests.test_door_lint import client_scoped_models

        registered = {model.__name__ for model in admin.site._registry}
        self.assertFalse(registered & client_scoped_models())
