"""User management for administrators (issue: accounts). Administrators manage accounts and
roles in their programs; they see no clinical content (policy.py gives admins no client action)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access, operations
from cairn.accounts.decorators import staff_required
from cairn.accounts.forms import CredentialForm, InitialPasswordForm, RolesForm, StaffUserForm
from cairn.accounts.models import Credential, StaffRole, User
from cairn.accounts.policy import ProgramAction
from cairn.audit.log import record


def _managed_programs(request):
    programs = access.programs_for(request.user, ProgramAction.MANAGE_USERS)
    if not programs:
        raise Http404("Not found")
    return programs


def _managed_user(request, user_id, programs) -> User:
    """A staff user holding a role in one of the administrator's programs, else 404."""
    return get_object_or_404(
        User.objects.filter(
            kind=User.Kind.STAFF, role_assignments__program__in=programs
        ).distinct(),
        pk=user_id,
    )


@staff_required
@require_safe
def user_list(request):
    programs = _managed_programs(request)
    users = (
        User.objects.filter(kind=User.Kind.STAFF, role_assignments__program__in=programs)
        .distinct()
        .prefetch_related(
            Prefetch("role_assignments", queryset=StaffRole.objects.select_related("program")),
            "credentials",
        )
        .select_related("supervisor")
        .order_by("last_name", "first_name")
    )
    return render(request, "accounts/user_list.html", {"users": users, "programs": programs})


def _save_user(request, instance, programs):
    form = StaffUserForm(request.POST or None, instance=instance, programs=programs)
    roles_form = RolesForm(request.POST or None, programs=programs, user=instance)
    if request.method == "POST" and form.is_valid() and roles_form.is_valid():
        user = operations.save_staff_user(
            form, roles_form.roles_by_program(), by=request.user, request=request
        )
        messages.success(request, f"Saved {user.display_name}.")
        return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "roles_form": roles_form, "editing": instance},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    return _save_user(request, None, _managed_programs(request))


@staff_required
@require_http_methods(["GET", "POST"])
def user_edit(request, user_id):
    programs = _managed_programs(request)
    return _save_user(request, _managed_user(request, user_id, programs), programs)


def _render_detail(request, user, *, credential_form=None, password_form=None, status=200):
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": user,
            "roles": user.role_assignments.select_related("program"),
            "credentials": user.credentials.all(),
            "credential_form": credential_form or CredentialForm(),
            "password_form": password_form or InitialPasswordForm(user=user),
        },
        status=status,
    )


@staff_required
@require_safe
def user_detail(request, user_id):
    programs = _managed_programs(request)
    return _render_detail(request, _managed_user(request, user_id, programs))


@staff_required
@require_POST
def user_set_password(request, user_id):
    user = _managed_user(request, user_id, _managed_programs(request))
    form = InitialPasswordForm(request.POST, user=user)
    if form.is_valid():
        operations.set_password(
            user, form.cleaned_data["password"], by=request.user, request=request
        )
        messages.success(request, "Temporary password set. All of their sessions were signed out.")
        return redirect("accounts:user_detail", user_id=user.pk)
    return _render_detail(request, user, password_form=form, status=400)


@staff_required
@require_POST
def user_reset_mfa(request, user_id):
    user = _managed_user(request, user_id, _managed_programs(request))
    operations.reset_mfa(user, by=request.user, request=request)
    messages.success(request, "Authenticator removed. They will set up a new one at next sign-in.")
    return redirect("accounts:user_detail", user_id=user.pk)


@staff_required
@require_POST
def credential_add(request, user_id):
    user = _managed_user(request, user_id, _managed_programs(request))
    form = CredentialForm(request.POST, instance=Credential(user=user))
    if form.is_valid():
        credential = form.save()
        record("credential.create", request=request, obj=credential, detail={"user": user.pk})
        messages.success(request, "Credential added.")
        return redirect("accounts:user_detail", user_id=user.pk)
    return _render_detail(request, user, credential_form=form, status=400)
