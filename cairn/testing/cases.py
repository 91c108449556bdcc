"""Base test case: the cast built once per class, signing in with the second factor done,
and query-count assertions."""

from django.test import TestCase

from cairn.testing.cast import build_cast
from cairn.testing.factories import verified_login


class CastTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def login(self, user) -> None:
        verified_login(self.client, user)
