"""The portal user's own client, through the one door (accounts/access.py).

A client's portal login reaches its own record only (policy: ``("client", Relation.SELF)``
→ ``Action.PORTAL``); every portal page starts here, and anything else the page reads is
scoped to this client."""

from cairn.accounts import access
from cairn.accounts.policy import Action


def portal_client(request, action: Action = Action.PORTAL):
    """The signed-in portal user's client (cached on the request); 404 if it has none."""
    cached = getattr(request, "_portal_client", None)
    if cached is not None:
        return cached
    client = access.client_for(request, request.user.client_id, action, audit="portal.view")
    request._portal_client = client
    return client


def family_access(request):
    """A family member's client and whether a consent allows their access today:
    ``(client, decision)``. The login alone is not enough: the consent may have been revoked
    or have expired since the invitation (42 CFR 2.31, issue 11.7)."""
    from cairn.portal.invitations import family_consent

    client = portal_client(request, Action.PORTAL_FAMILY)
    link = getattr(request.user, "family_link", None)
    if link is None or link.client_id != client.pk:
        return client, None
    return client, family_consent(client, link.contact)
