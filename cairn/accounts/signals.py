"""Sign-ins, failures and sign-outs go to the audit trail."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from cairn.accounts.middleware import SESSION_KEY as IDLE_SESSION_KEY
from cairn.audit.log import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_SESSION_KEY] = time.time()  # a new sign-in starts a fresh idle clock
    record("login.success", request=request, actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("logout", request=request, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record("login.failed", request=request, outcome="failed", detail={"username": username})


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record("login.lockout", request=request, outcome="denied", detail={"username": username or ""})
