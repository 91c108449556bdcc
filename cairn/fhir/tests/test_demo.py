"""The demo system client: its documented secret gets a token (README's curl example)."""

import base64
from types import SimpleNamespace

from cairn.fhir import demo
from cairn.testing.cases import CastTestCase


class DemoTest(CastTestCase):
    def test_it_seeds_a_client_whose_documented_secret_gets_a_token(self):
        said = []
        demo.seed(SimpleNamespace(data={"program": self.cast.program}, say=said.append))
        basic = base64.b64encode(
            f"{demo.DEMO_CLIENT_ID}:{demo.DEMO_CLIENT_SECRET}".encode()
        ).decode()
        response = self.client.post(
            "/fhir/R4/auth/token",
            {"grant_type": "client_credentials"},
            HTTP_AUTHORIZATION=f"Basic {basic}",
        )
        self.assertEqual(response.status_code, 200)
        token = response.json()["access_token"]
        search = self.client.get("/fhir/R4/Patient", HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(search.status_code, 200)
        self.assertTrue(any(demo.DEMO_CLIENT_SECRET in line for line in demo.login_lines()))
        self.assertEqual(len(said), 1)
