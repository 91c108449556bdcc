"""Gatekeepers for staff and portal pages. Client data still goes through ``access.py``."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse


def mfa_pending(request) -> bool:
    """Does this signed-in user still owe a second factor?

    Staff always do (DOMAIN.md security baseline: multi-factor authentication), except demo
    accounts while DEBUG is on (README). Portal users do when they turned TOTP on."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if user.kind == user.Kind.STAFF:
        if settings.DEBUG and user.demo_account:
            return False
        return settings.MFA_REQUIRED
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def mfa_redirect(request):
    from django_otp import user_has_device

    name = "accounts:mfa_verify" if user_has_device(request.user) else "accounts:mfa_setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def staff_required(view):
    """Signed in, a staff user, second factor done. Portal users get 404: staff pages do not
    exist for them."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.kind != user.Kind.STAFF:
            raise Http404("Not found")
        if mfa_pending(request):
            return mfa_redirect(request)
        return view(request, *args, **kwargs)

    wrapped.cairn_staff_view = True
    return wrapped


def portal_required(view):
    """Signed in as a client or family member (and second factor done if they use one)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_portal_user:
            raise Http404("Not found")
        if mfa_pending(request):
            return mfa_redirect(request)
        return view(request, *args, **kwargs)

    wrapped.cairn_portal_view = True
    return wrapped
