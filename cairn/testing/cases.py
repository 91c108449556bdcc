"""Base test case: the cast built once per class, signing in with the second factor done,
and query-count assertions."""

from django.test import TestCase
from django.urls import reverse

from cairn.testing.cast import build_cast
from cairn.testing.factories import verified_login


class CastTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def login(self, user) -> None:
        verified_login(self.client, user)


class ViewTableTests:
    """The four permission checks every staff view needs (CONTRIBUTING.md, Tests), driven by a
    table: mix in before ``CastTestCase`` and define ``views()`` returning rows of
    ``(name, url, method, {cast member: expected status or statuses}, wrong method)`` and
    ``method_user`` (the cast member who may use every view, for the wrong-method check)."""

    method_user = "clinician"

    def views(self) -> list[tuple]:
        raise NotImplementedError

    def test_it_answers_each_role_as_the_policy_says(self):
        for name, url, method, expected, _ in self.views():
            for username, status in expected.items():
                with self.subTest(view=name, user=username):
                    self.login(getattr(self.cast, username))
                    response = getattr(self.client, method)(url)
                    allowed = status if isinstance(status, tuple) else (status,)
                    self.assertIn(response.status_code, allowed)

    def test_it_refuses_the_wrong_method(self):
        self.login(getattr(self.cast, self.method_user))
        for name, url, _, _, wrong in self.views():
            with self.subTest(view=name, method=wrong):
                self.assertEqual(getattr(self.client, wrong)(url).status_code, 405)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for name, url, method, _, _ in self.views():
            with self.subTest(view=name):
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_hides_every_page_from_portal_users(self):
        self.login(self.cast.portal)
        for name, url, method, _, _ in self.views():
            with self.subTest(view=name):
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)
