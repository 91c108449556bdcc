"""Operations: register a system client (an OAuth2 client-credentials application bound to a
program) and turn one off. Audited; the secret is returned once and stored hashed by
django-oauth-toolkit."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from oauth2_provider.models import get_application_model

from cairn.audit.log import record
from cairn.fhir import scopes as smart
from cairn.fhir.models import SystemClient


def register_client(
    program,
    *,
    name: str,
    scopes: list[str],
    purpose: str,
    recipient_kind: str,
    by=None,
    request=None,
    client_id: str | None = None,
    secret: str | None = None,
) -> tuple[SystemClient, str]:
    """Create the application, its service account (the ``by`` of the answers it submits: it
    cannot sign in) and the binding; returns ``(client, secret)`` — the only time the secret
    is seen."""
    bad = [s for s in scopes if not smart.is_valid(s)]
    if bad:
        raise ValueError(f"Not a SMART v2 system scope: {bad[0]}")
    Application = get_application_model()
    secret = secret or secrets.token_urlsafe(32)
    client_id = client_id or f"cairn-{secrets.token_hex(8)}"
    with transaction.atomic():
        account = get_user_model().objects.create(
            username=f"api-{client_id}"[:150],
            first_name=name[:150],
            is_active=False,
        )
        account.set_unusable_password()
        account.save(update_fields=["password"])
        application = Application.objects.create(
            name=name[:255],
            client_id=client_id,
            client_secret=secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            user=account,
        )
        client = SystemClient.objects.create(
            application=application,
            program=program,
            name=name,
            scopes=" ".join(scopes),
            purpose=purpose,
            recipient_kind=recipient_kind,
            created_by=by if getattr(by, "pk", None) else None,
        )
        record(
            "fhir.client.register",
            request=request,
            actor=by,
            obj=client,
            program_id=program.pk,
            detail={"client_id": client_id, "scopes": scopes, "purpose": purpose},
        )
    return client, secret


def turn_off(client: SystemClient, *, by, request=None) -> SystemClient:
    """No new tokens, and tokens already issued stop working (``auth.authenticate``)."""
    with transaction.atomic():
        client.active = False
        client.save(update_fields=["active"])
        client.application.accesstoken_set.all().delete()
        record(
            "fhir.client.turn_off",
            request=request,
            actor=by,
            obj=client,
            program_id=client.program_id,
        )
    return client
