"""Writes on accounts: staff users and their roles, MFA, break-the-glass. Each is one
transaction with its audit event (STYLE.md, convention 2)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import BreakGlassGrant, StaffRole, User
from cairn.audit.log import record


def save_staff_user(form, roles_by_program: dict[int, set[str]], *, by, request=None) -> User:
    """Create or update a staff user from a validated form and set their roles in the
    administrator's programs (roles elsewhere are left alone)."""
    creating = form.instance.pk is None
    with transaction.atomic():
        user = form.save(commit=False)
        user.kind = User.Kind.STAFF
        if creating:
            user.set_unusable_password()
        user.save()
        for program_id, roles in roles_by_program.items():
            StaffRole.objects.filter(user=user, program_id=program_id).exclude(
                role__in=roles
            ).delete()
            for role in roles:
                StaffRole.objects.get_or_create(user=user, program_id=program_id, role=role)
        record(
            "user.create" if creating else "user.update",
            request=request,
            actor=by,
            obj=user,
            detail={
                "fields": sorted(form.changed_data),
                "roles": {str(k): sorted(v) for k, v in roles_by_program.items()},
            },
        )
    return user


def set_password(user: User, password: str, *, by, request=None) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record("user.set_password", request=request, actor=by, obj=user)


def reset_mfa(user: User, *, by, request=None) -> int:
    """Remove the user's authenticator so they enrol a new one at their next sign-in."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record("user.reset_mfa", request=request, actor=by, obj=user, detail={"devices": count})
    return count


def open_break_glass(user: User, client, reason: str, *, request=None) -> BreakGlassGrant:
    """Emergency access to a chart outside the user's scope, for BREAK_GLASS_HOURS (default 4).

    DESIGN.md: a clinician may open a chart outside their care team with a stated reason; it is
    audited and reported to the program director."""
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=user,
            client=client,
            reason=reason.strip(),
            expires_at=timezone.now() + timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        record(
            "glass.open",
            request=request,
            actor=user,
            obj=grant,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"hours": settings.BREAK_GLASS_HOURS},
        )
    return grant


def review_break_glass(grant: BreakGlassGrant, *, by, note: str, request=None) -> None:
    with transaction.atomic():
        grant.reviewed_by = by
        grant.reviewed_at = timezone.now()
        grant.review_note = note
        grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        record(
            "glass.review",
            request=request,
            actor=by,
            obj=grant,
            client_id=grant.client_id,
            program_id=grant.client.program_id,
        )
