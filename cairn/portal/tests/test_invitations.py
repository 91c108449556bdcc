from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cairn.accounts.models import User
from cairn.consents.tests.factories import make_consent
from cairn.portal import invitations
from cairn.portal.models import FamilyLink, Invitation
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_contact, make_episode

NEW_PASSWORD = "river-stone-1987-quiet"


def join_post(code, **overrides):
    data = {
        "code": code,
        "username": "robin.new",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


class InviteViewTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fresh = make_client(cls.cast.program, first_name="Avery", last_name="New")
        make_episode(cls.fresh)
        from cairn.testing.factories import add_to_team

        add_to_team(cls.fresh, cls.cast.clinician)

    def _url(self, client=None):
        return reverse("portal:invite", args=[(client or self.fresh).pk])

    def test_it_shows_a_single_use_code_to_the_clinician(self):
        self.login(self.cast.clinician)
        response = self.client.post(self._url(), {"who": "client"})
        self.assertContains(response, "Invitation code (shown once)")
        code = response.context["new_code"]
        invitation = Invitation.objects.get(client=self.fresh)
        self.assertEqual(invitation.code_hash, invitations.code_hash(code))
        self.assertNotIn(code, invitation.code_hash)
        self.assertAlmostEqual(invitation.expires_at - invitation.created_at, timedelta(hours=72))

    def test_it_emails_the_link_when_asked(self):
        self.login(self.cast.clinician)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self._url(), {"who": "client", "email": "avery@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/portal/join/?code=", mail.outbox[0].body)

    def test_it_answers_404_to_outsiders_and_403_to_read_only_roles(self):
        for member, status in (("outsider", 404), ("colleague", 404), ("biller", 403)):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                response = self.client.post(self._url(self.cast.client), {"who": "client"})
                self.assertEqual(response.status_code, status)
        self.assertFalse(Invitation.objects.exists())

    def test_it_refuses_get(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(self._url()).status_code, 405)

    def test_it_refuses_a_second_login_for_the_same_client(self):
        self.login(self.cast.clinician)
        response = self.client.post(self._url(self.cast.client), {"who": "client"})
        self.assertContains(response, "already has a portal login", status_code=400)
        self.assertFalse(Invitation.objects.exists())

    def test_it_refuses_a_family_invitation_without_a_consent_and_says_why(self):
        contact = make_contact(self.fresh, name="Maria New", relationship="mother")
        self.login(self.cast.clinician)
        response = self.client.post(self._url(), {"who": f"contact:{contact.pk}"})
        self.assertContains(response, "No consent on file allows portal access", status_code=400)
        self.assertFalse(Invitation.objects.exists())

    def test_it_invites_a_family_member_named_in_a_consent(self):
        contact = make_contact(self.fresh, name="Maria New", relationship="mother")
        make_consent(self.fresh, self.cast.clinician, contact=contact, recipient_name="Maria New")
        self.login(self.cast.clinician)
        response = self.client.post(self._url(), {"who": f"contact:{contact.pk}"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Invitation.objects.get().kind, Invitation.Kind.FAMILY)


class JoinTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fresh = make_client(cls.cast.program, first_name="Avery", last_name="New")
        make_episode(cls.fresh)

    def _invite(self, **kwargs):
        return invitations.invite(self.fresh, by=self.cast.clinician, **kwargs)

    def test_it_makes_a_client_login_for_that_client_only(self):
        _invitation, code = self._invite()
        response = self.client.post("/portal/join/", join_post(code))
        self.assertRedirects(response, reverse("portal:home"))
        user = User.objects.get(username="robin.new")
        self.assertEqual((user.kind, user.client_id), (User.Kind.CLIENT, self.fresh.pk))
        self.assertContains(self.client.get("/portal/"), "Avery")

    def test_it_refuses_a_used_invitation(self):
        _invitation, code = self._invite()
        self.client.post("/portal/join/", join_post(code))
        self.client.logout()
        response = self.client.post("/portal/join/", join_post(code, username="someone.else"))
        self.assertContains(response, "already used", status_code=400)
        self.assertFalse(User.objects.filter(username="someone.else").exists())

    def test_it_refuses_an_expired_invitation(self):
        invitation, code = self._invite()
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        response = self.client.post("/portal/join/", join_post(code))
        self.assertContains(response, "expired", status_code=400)
        self.assertFalse(User.objects.filter(username="robin.new").exists())

    def test_it_refuses_a_wrong_code(self):
        self._invite()
        response = self.client.post("/portal/join/", join_post("AAAA-BBBB-CCCC"))
        self.assertContains(response, "not right", status_code=400)
        self.assertFalse(User.objects.filter(username="robin.new").exists())

    def test_it_refuses_a_weak_password_and_keeps_the_invitation(self):
        invitation, code = self._invite()
        response = self.client.post(
            "/portal/join/", join_post(code, password1="abc", password2="abc")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("password1", response.context["form"].errors)
        invitation.refresh_from_db()
        self.assertIsNone(invitation.used_at)

    def test_it_accepts_the_code_typed_loosely(self):
        _invitation, code = self._invite()
        response = self.client.post("/portal/join/", join_post(code.lower().replace("-", " ")))
        self.assertEqual(response.status_code, 302)

    def test_it_keeps_only_the_newest_code_working(self):
        _first, old_code = self._invite()
        self._invite()
        response = self.client.post("/portal/join/", join_post(old_code))
        self.assertContains(response, "expired", status_code=400)


class FamilyPortalTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.contact = make_contact(cls.cast.client, name="Maria Castillo", relationship="mother")
        cls.consent = make_consent(
            cls.cast.client,
            cls.cast.clinician,
            contact=cls.contact,
            recipient_name="Maria Castillo",
        )
        cls.family = User.objects.create_user(
            "maria", password=NEW_PASSWORD, kind=User.Kind.FAMILY, client=cls.cast.client
        )
        FamilyLink.objects.create(user=cls.family, client=cls.cast.client, contact=cls.contact)

    def test_it_shows_family_sessions_and_education(self):
        from cairn.testing.sessions import make_session

        tomorrow = timezone.localdate() + timedelta(days=1)
        make_session(
            self.cast.program,
            self.cast.clinician,
            clients=[self.cast.client],
            kind="family",
            day=tomorrow,
            title="Family session",
        )
        self.login(self.family)
        response = self.client.get("/portal/")
        self.assertContains(response, "Support without enabling")
        self.assertEqual(len(response.context["sessions"]), 1)

    def test_it_pauses_access_once_the_consent_is_revoked(self):
        from cairn.consents.models import Consent

        Consent.objects.filter(pk=self.consent.pk).update(revoked_on=timezone.localdate())
        self.login(self.family)
        response = self.client.get("/portal/")
        self.assertContains(response, "Access is paused")
        self.assertEqual(response.context["sessions"], [])

    def test_it_keeps_the_clients_own_pages_from_family(self):
        self.login(self.family)
        for url in ("/portal/check-in/", "/portal/plan/", "/portal/plan/wallet-card.pdf"):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (403, 404))


class FamilyJoinTest(CastTestCase):
    def test_it_refuses_the_invitation_once_the_consent_is_revoked(self):
        from cairn.consents.models import Consent

        contact = make_contact(self.cast.client, name="Maria Castillo", relationship="mother")
        consent = make_consent(
            self.cast.client, self.cast.clinician, contact=contact, recipient_name="Maria Castillo"
        )
        _invitation, code = invitations.invite(
            self.cast.client, by=self.cast.clinician, kind="family", contact=contact
        )
        Consent.objects.filter(pk=consent.pk).update(revoked_on=timezone.localdate())
        response = self.client.post("/portal/join/", join_post(code, username="maria"))
        self.assertContains(response, "can&#x27;t be used now", status_code=400)
        self.assertFalse(User.objects.filter(username="maria").exists())

    def test_it_makes_a_family_login_with_its_link(self):
        contact = make_contact(self.cast.client, name="Maria Castillo", relationship="mother")
        make_consent(
            self.cast.client, self.cast.clinician, contact=contact, recipient_name="Maria Castillo"
        )
        _invitation, code = invitations.invite(
            self.cast.client, by=self.cast.clinician, kind="family", contact=contact
        )
        self.client.post("/portal/join/", join_post(code, username="maria"))
        user = User.objects.get(username="maria")
        self.assertEqual(user.kind, User.Kind.FAMILY)
        self.assertEqual(user.family_link.contact, contact)
        self.assertContains(self.client.get("/portal/"), "Family and support")


class JoinPageTest(CastTestCase):
    def test_it_offers_only_the_other_language(self):
        response = self.client.get("/portal/join/")
        self.assertContains(response, 'value="es"')
        self.assertNotContains(response, 'value="en"')
