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
