from unittest import mock

from django.db import OperationalError
from django.test import TestCase


class HealthzTest(TestCase):
    def test_it_reports_the_database_and_migrations(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["database"], "ok")
        self.assertEqual(response.json()["migrations"], "applied")

    def test_it_answers_503_when_the_database_is_unreachable(self):
        with mock.patch("cairn.core.views.connection.cursor", side_effect=OperationalError("down")):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "unreachable")

    def test_it_refuses_writes(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)
