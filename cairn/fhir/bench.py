"""For the benchmark (``cairn.bench``, issue 14): an access token of the demo system client, so
the bench can time a FHIR search page as a real API client would call it."""

import secrets
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import AccessToken

from cairn.fhir.demo import DEMO_CLIENT_ID
from cairn.fhir.models import SystemClient


def bearer_token() -> str:
    """A one-hour token for the demo system client (seeded by ``cairn/fhir/demo.py``)."""
    system = SystemClient.objects.select_related("application").get(
        application__client_id=DEMO_CLIENT_ID
    )
    token = secrets.token_urlsafe(32)
    AccessToken.objects.create(
        application=system.application,
        token=token,
        expires=timezone.now() + timedelta(hours=1),
        scope=system.scopes,
    )
    return token
