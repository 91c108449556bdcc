"""Inviting clients and family members to the portal (issue 11.1, 11.7).

- Staff holding ``Action.INVITE_TO_PORTAL`` invite; the code is single-use and expires after
  72 hours. Only its SHA-256 is stored; the code is shown once on screen (to read out or hand
  over) and, when an email address is given, sent as a link.
- A family member or support person is invited only when a consent allowing it is on file:
  ``consents.rules.consent_allows(client, contact, "attendance", "family_support")`` — the
  family-session schedule is attendance information, shared for family involvement (42 CFR
  2.31). Otherwise the invitation is refused with the consent rule's reason.
- Accepting makes a portal user of the invitation's kind (``User.Kind.CLIENT`` or ``FAMILY``)
  linked to the client; it can only ever reach that client's portal (accounts/policy.py).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.accounts.models import User
from cairn.audit.log import record
from cairn.portal.models import FamilyLink, Invitation

VALID_FOR = timedelta(hours=72)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


class InvitationRefused(Exception):
    """The invitation cannot be made or used; the message says why, in plain words."""


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def family_consent(client, contact):
    from cairn.consents.rules import consent_allows

    return consent_allows(client, contact, "attendance", "family_support")


def invite(client, *, by, kind=Invitation.Kind.CLIENT, contact=None, email="", request=None):
    """Make an invitation; returns ``(invitation, code)``. Earlier open invitations of the same
    person are withdrawn, so only the newest code works."""
    if kind == Invitation.Kind.FAMILY:
        if contact is None or contact.client_id != client.pk or not contact.active:
            raise InvitationRefused("Choose a current contact of this client.")
        decision = family_consent(client, contact)
        if not decision:
            raise InvitationRefused(
                f"No consent on file allows portal access for {contact.name}: {decision.reason}"
            )
    elif client.portal_users.filter(kind=User.Kind.CLIENT, is_active=True).exists():
        raise InvitationRefused("This client already has a portal login.")
    now = timezone.now()
    code = _new_code()
    with transaction.atomic():
        client.portal_invitations.filter(
            kind=kind, contact=contact, used_at__isnull=True, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        invitation = client.portal_invitations.create(
            kind=kind,
            contact=contact,
            code_hash=code_hash(code),
            email=email,
            created_by=by,
            created_at=now,
            expires_at=now + VALID_FOR,
        )
        record(
            "portal.invite",
            request=request,
            actor=by,
            obj=invitation,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"kind": kind, "emailed": bool(email)},
        )
    if email:
        transaction.on_commit(lambda: _send(invitation, code, request))
    return invitation, code


def _send(invitation, code, request) -> None:
    path = f"/portal/join/?code={code}"
    link = request.build_absolute_uri(path) if request else path
    send_mail(
        "Your invitation to the Cairn portal",
        f"You are invited to your program's portal. Open {link} within 72 hours to set your "
        f"password (code {code}). If you did not expect this, ignore this message.",
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def withdraw(invitation, *, by, request=None) -> None:
    with transaction.atomic():
        if invitation.state() != "open":
            raise InvitationRefused("This invitation can no longer be withdrawn.")
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        record(
            "portal.invite_withdraw",
            request=request,
            actor=by,
            obj=invitation,
            client_id=invitation.client_id,
        )


def open_invitation(code: str) -> Invitation:
    """The open invitation with this code, or ``InvitationRefused`` saying why not."""
    invitation = (
        Invitation.objects.select_related("client", "contact")
        .filter(code_hash=code_hash(code))
        .first()
    )
    if invitation is None:
        raise InvitationRefused(_("That code is not right. Check it, or ask your program."))
    state = invitation.state()
    if state == "used":
        raise InvitationRefused(_("This invitation was already used. Sign in instead."))
    if state in ("expired", "withdrawn"):
        raise InvitationRefused(_("This invitation has expired. Ask your program for a new one."))
    return invitation


def accept(code: str, *, username: str, password: str, language: str = "en", request=None):
    """Use an invitation: make the portal login and mark the invitation used, atomically (a
    second use of the same code is refused, even at the same moment)."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Choose a user name.")})
    with transaction.atomic():
        invitation = open_invitation(code)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state() != "open":
            raise InvitationRefused(_("This invitation was already used. Sign in instead."))
        client = invitation.client
        if invitation.kind == Invitation.Kind.FAMILY and not family_consent(
            client, invitation.contact
        ):
            raise InvitationRefused(
                _("This invitation can't be used now. Ask the program about it.")
            )
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("That user name is taken. Try another.")})
        user = User(
            username=username,
            kind=invitation.kind,
            client=client,
            language=language if language in dict(settings.LANGUAGES) else "en",
            email=invitation.email,
        )
        if invitation.kind == Invitation.Kind.CLIENT:
            user.first_name, user.last_name = client.first_name, client.last_name
        else:
            user.first_name = invitation.contact.name[:150]
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from None
        user.set_password(password)
        try:
            user.save()
        except IntegrityError:
            raise ValidationError(
                {"username": _("That user name is taken. Try another.")}
            ) from None
        if invitation.kind == Invitation.Kind.FAMILY:
            FamilyLink.objects.create(user=user, client=client, contact=invitation.contact)
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["used_at", "user"])
        record(
            "portal.invite_accept",
            request=request,
            actor=user,
            obj=invitation,
            client_id=client.pk,
            program_id=client.program_id,
            detail={"kind": invitation.kind},
        )
    return user
