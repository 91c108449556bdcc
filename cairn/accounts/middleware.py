"""Automatic logoff after a period without activity (DOMAIN.md security baseline).

Every request counts as activity except *passive* ones (header ``X-Cairn-Passive: 1``): polling
and the page's own idle check must not keep a forgotten session alive."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse

from cairn.audit.log import record

SESSION_KEY = "cairn_last_activity"
#: Activity is written back at most this often, so most requests don't write the session.
_WRITE_EVERY_SECONDS = 30


def is_passive(request) -> bool:
    return request.headers.get("X-Cairn-Passive") == "1"


def seconds_left(request, now: float | None = None) -> int:
    now = now or time.time()
    last = request.session.get(SESSION_KEY, now)
    return max(0, int(settings.IDLE_TIMEOUT_MINUTES * 60 - (now - last)))


class IdleLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if last is not None and now - last > settings.IDLE_TIMEOUT_MINUTES * 60:
                return self._log_out(request)
            if not is_passive(request) and (last is None or now - last > _WRITE_EVERY_SECONDS):
                request.session[SESSION_KEY] = now
        return self.get_response(request)

    def _log_out(self, request):
        user = request.user
        record("session.idle_logout", request=request, actor=user)
        logout(request)
        messages.info(
            request,
            f"You were signed out after {settings.IDLE_TIMEOUT_MINUTES} minutes without activity, "
            "to protect client information. Sign in again to continue where you were.",
        )
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(request.get_full_path()).url
            return response
        return redirect_to_login(request.get_full_path())
