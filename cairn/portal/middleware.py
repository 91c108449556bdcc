"""The portal speaks the client's language (issue 11.8): the language stored on a portal user,
or chosen in the session before signing in (an invitation page; the sign-in page then keeps it).
Staff pages stay as they are; the sign-in and two-step pages speak the portal user's language."""

from django.utils import translation

SESSION_KEY = "portal_language"


def portal_language(request) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.language if user.is_portal_user else None
    if request.path.startswith(("/portal/", "/accounts/login/")):
        return request.session.get(SESSION_KEY)
    return None


class PortalLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = portal_language(request)
        if not language:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
