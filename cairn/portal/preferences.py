"""The portal user's preferences (issue 11.8: the client picks the language)."""

from django.conf import settings
from django.db import transaction

from cairn.audit.log import record
from cairn.portal.middleware import SESSION_KEY


def set_language(request, language: str) -> bool:
    """Store the chosen language on a portal user (and in the session); unknown codes are
    ignored. Staff keep their language: the portal's switch does not touch them."""
    if language not in dict(settings.LANGUAGES):
        return False
    request.session[SESSION_KEY] = language
    user = request.user
    if user.is_authenticated and user.is_portal_user and user.language != language:
        with transaction.atomic():
            user.language = language
            user.save(update_fields=["language"])
            record("portal.language", request=request, detail={"language": language})
    return True
