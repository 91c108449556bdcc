"""Who is calling: an OAuth2 bearer token (client credentials, django-oauth-toolkit) of an
active registered system client. The principal the door sees is its program's ``system`` role
(``access.SystemPrincipal``)."""

from dataclasses import dataclass

from oauth2_provider.oauth2_backends import get_oauthlib_core

from cairn.accounts import access
from cairn.fhir import scopes as smart
from cairn.fhir.errors import ApiError
from cairn.fhir.models import SystemClient

UNAUTHORIZED = (
    "A valid bearer token is required: POST client_id and client_secret with "
    "grant_type=client_credentials to /fhir/R4/auth/token, then send "
    "'Authorization: Bearer <access_token>'."
)


@dataclass
class Caller:
    system_client: SystemClient
    principal: access.SystemPrincipal
    scopes: list[str]

    def allows(self, resource_type: str, letter: str) -> bool:
        """The token's scopes allow it, and so does what the client was given today."""
        return smart.allows(self.scopes, resource_type, letter) and smart.allows(
            self.system_client.scope_list, resource_type, letter
        )


def authenticate(request) -> Caller:
    if not request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer "):
        raise ApiError(401, "login", UNAUTHORIZED, {"WWW-Authenticate": 'Bearer realm="cairn"'})
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    token = getattr(oauth_request, "access_token", None) if valid else None
    if token is None:
        raise ApiError(
            401,
            "login",
            "The bearer token is unknown or expired. " + UNAUTHORIZED,
            {"WWW-Authenticate": 'Bearer realm="cairn", error="invalid_token"'},
        )
    client = (
        SystemClient.objects.select_related("application", "program")
        .filter(application_id=token.application_id, active=True)
        .first()
    )
    if client is None:
        raise ApiError(401, "login", "This client is not registered or has been turned off.")
    request.api_client_label = f"fhir:{client.application.client_id} ({client.name})"[:150]
    principal = access.SystemPrincipal(client.program_id, client.name)
    return Caller(client, principal, token.scope.split())
