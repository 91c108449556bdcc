import base64

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts import access, operations
from cairn.accounts.decorators import staff_required
from cairn.accounts.forms import (
    BreakGlassForm,
    BreakGlassReviewForm,
    CairnPasswordChangeForm,
    LoginForm,
    ProgramChoiceForm,
    TokenForm,
)
from cairn.accounts.middleware import seconds_left
from cairn.accounts.models import BreakGlassGrant
from cairn.accounts.policy import Action, ProgramAction
from cairn.audit.log import record
from cairn.core.models import Program


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Portal users land on the portal; staff pages do not exist for them."""
        if self.request.user.is_authenticated and self.request.user.is_portal_user:
            return reverse("portal:home")
        return super().get_default_redirect_url()


login_view = login_not_required(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _verify(request, device: TOTPDevice, form: TokenForm) -> bool:
    """Check the code with django-otp's throttling (growing delays after failures) and its
    replay protection (a code already used is refused)."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "token", _("Too many wrong codes in a row. Wait a minute, then try the newest code.")
        )
        return False
    if device.verify_token(form.cleaned_data["token"]):
        otp_login(request, device)
        record("mfa.success", request=request)
        return True
    record("mfa.failed", request=request, outcome="failed")
    form.add_error(
        "token",
        _(
            "That code isn't right, or it was already used. Wait for the next code in your app "
            "and try again."
        ),
    )
    return False


@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    """Second step of sign-in: the six-digit code from the user's authenticator app."""
    if request.user.is_verified():
        return redirect(_safe_next(request, reverse("core:home")))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('accounts:mfa_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _verify(request, device, form):
        return redirect(_safe_next(request, reverse("core:home")))
    return render(request, "accounts/mfa_verify.html", {"form": form})


@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    """First sign-in: enrol an authenticator app (TOTP) by scanning a code, then confirm it."""
    if user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('accounts:mfa_verify')}?{request.GET.urlencode()}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _verify(request, device, form):
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record("mfa.enrolled", request=request)
        messages.success(
            request, _("Your authenticator app is set up. You'll use it at each sign-in.")
        )
        return redirect(_safe_next(request, reverse("core:home")))
    qr = segno.make(device.config_url, error="m")
    # A standalone SVG (with its namespace, unlike ``svg_inline``): an <img> shows nothing else.
    qr_uri = qr.svg_data_uri(scale=5)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_uri": qr_uri,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@require_safe
def session_status(request):
    """Seconds until automatic logoff; a passive request, so asking does not extend it."""
    return JsonResponse({"seconds_left": seconds_left(request)})


@require_POST
def session_extend(request):
    """'Stay signed in': any active request resets the idle clock (middleware)."""
    return JsonResponse({"seconds_left": seconds_left(request)})


@staff_required
@require_safe
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "credentials": user.credentials.all(),
            "has_mfa": user_has_device(user, confirmed=True),
            "roles": user.staff_roles,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Changing the password ends every other session of the user (Django's session hash);
    this one continues."""
    form = CairnPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            record("user.password_change", request=request, actor=user, obj=user)
        update_session_auth_hash(request, user)
        messages.success(request, "Your password was changed. Other devices have been signed out.")
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def switch_program(request):
    queryset = Program.objects.filter(pk__in=request.user.program_ids)
    form = ProgramChoiceForm(request.POST or None, programs=queryset)
    if request.method == "POST" and form.is_valid():
        request.session["program_id"] = form.cleaned_data["program"].pk
        messages.success(request, f"You are now working in {form.cleaned_data['program'].name}.")
        return redirect("core:home")
    return render(request, "accounts/switch_program.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def break_glass(request):
    """Emergency access: type the record number and a reason; access lasts a few hours."""
    if not access.programs_for(request.user, ProgramAction.BREAK_GLASS):
        raise Http404("Not found")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = access.break_glass_target(request.user, form.cleaned_data["mrn"])
        if client is None:
            form.add_error("mrn", "No client has that record number in your organization.")
        else:
            if not access.permissions(access.subject(request.user), client):
                operations.open_break_glass(
                    request.user, client, form.cleaned_data["reason"], request=request
                )
                messages.warning(
                    request,
                    "Emergency access is open for a few hours. Everything you view is recorded.",
                )
            return redirect("clients:chart", client_id=client.pk)
    return render(request, "accounts/break_glass.html", {"form": form})


@staff_required
@require_safe
def break_glass_report(request):
    """For the program director: every emergency access in the program, newest first."""
    program = access.program_for(request, ProgramAction.VIEW_AUDIT_REPORT)
    grants = (
        access.scope(BreakGlassGrant.objects.all(), request.user, Action.VIEW_CLIENT_AUDIT)
        .filter(client__program=program)
        .select_related("user", "client", "reviewed_by")
        .order_by("-granted_at")[:200]
    )
    return render(
        request,
        "accounts/break_glass_report.html",
        {"grants": grants, "review_form": BreakGlassReviewForm()},
    )


@staff_required
@require_POST
def break_glass_review(request, grant_id):
    grant = access.owned_for(request, BreakGlassGrant, grant_id, Action.VIEW_CLIENT_AUDIT)
    form = BreakGlassReviewForm(request.POST)
    if form.is_valid():
        operations.review_break_glass(
            grant, by=request.user, note=form.cleaned_data["note"], request=request
        )
        messages.success(request, "Review recorded.")
    else:
        messages.error(request, "Write a review note before marking the access reviewed.")
    return redirect("accounts:break_glass_report")
