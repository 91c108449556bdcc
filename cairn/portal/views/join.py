"""Accepting a portal invitation (issue 11.1): the code, a user name, a password. An expired,
withdrawn, used or wrong code gets a clear message and nothing is stored."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cairn.portal import invitations
from cairn.portal.forms import JoinForm
from cairn.portal.layout import render_portal


@login_not_required
@require_http_methods(["GET", "POST"])
def join(request):
    if request.user.is_authenticated:
        return redirect("portal:home" if request.user.is_portal_user else "core:home")
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitations.accept(
                data["code"],
                username=data["username"],
                password=data["password1"],
                language=translation.get_language() or "en",
                request=request,
            )
        except invitations.InvitationRefused as refusal:
            form.add_error("code", str(refusal))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your portal account is ready."))
            return redirect("portal:home")
    status = 400 if request.method == "POST" else 200
    return render_portal(request, "portal/join.html", {"form": form}, status=status)
