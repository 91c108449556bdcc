"""URL-walk registry for the portal (cairn/testing/urlwalk.py). Portal URLs take no ids of
other records: a portal user's pages are always about their own client (``portal/door.py``);
ids in portal URLs (suggestions, invitations) are looked up inside that client's rows."""

KWARG_OBJECTS: dict = {}

#: Open without signing in: switching the language, accepting an invitation.
PUBLIC_URL_NAMES = {"portal:language"}
