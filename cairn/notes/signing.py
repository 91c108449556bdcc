"""Signing, co-signing and addenda (issue 7.3).

A note is a draft until its author signs it. Signing asks again for the password (or a code
from the authenticator app) and records who signed and when; from then on the note is
immutable (models.py, and a PostgreSQL trigger). Corrections are addenda. A pre-licensed
clinician's signed note waits in their supervisor's co-sign queue until co-signed."""

import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.audit.log import record
from cairn.audit.models import AuditEvent
from cairn.notes import drafting
from cairn.notes.catalog import catalog, section_label
from cairn.notes.models import Addendum, Note, NoteImmutableError, Status

#: Wrong passwords or codes at signing before signing is refused for a while (audited each).
REAUTH_FAILURE_LIMIT = 5
REAUTH_WINDOW = timedelta(minutes=15)
_CODE = re.compile(r"\d{6}")


class WrongSecret(Exception):
    """The password or code given at signing is not the signer's."""


class TooManyAttempts(Exception):
    """Too many wrong passwords or codes at signing in a short time."""


def verify_signer(user, secret: str, *, request=None) -> None:
    """Signing re-asks the password or a current authenticator code (issue 7.3). A failure is
    audited; after ``REAUTH_FAILURE_LIMIT`` failures in ``REAUTH_WINDOW`` signing waits."""
    since = timezone.now() - REAUTH_WINDOW
    failures = AuditEvent.objects.filter(
        actor_id=user.pk, action="note.reauth", outcome=AuditEvent.Outcome.FAILED, at__gte=since
    ).count()
    if failures >= REAUTH_FAILURE_LIMIT:
        raise TooManyAttempts
    code = secret.replace(" ", "")
    if _CODE.fullmatch(code) and _verify_code(user, code):
        return
    if secret and user.check_password(secret):
        return
    record("note.reauth", request=request, actor=user, outcome=AuditEvent.Outcome.FAILED)
    raise WrongSecret


def _verify_code(user, code: str) -> bool:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return True
    return False


def cosigner_for(author):
    """A pre-licensed clinician's notes need their supervisor's co-signature."""
    if author.prelicensed and author.supervisor_id:
        return author.supervisor_id
    return None


def missing_content(note: Note) -> dict[str, str]:
    """What a note still needs before it can be signed, by form field name."""
    errors = {}
    for key in catalog().section_keys(note.note_type, note.format):
        if not (note.sections.get(key) or "").strip():
            errors[f"s-{key}"] = f"Write the {section_label(key)} section before signing."
    if not note.modalities:
        errors["modalities"] = "Pick the modality you used."
    return errors


def sign_note(note: Note, *, by, data: dict, version: int, request=None) -> Note:
    """Save the author's last words and sign, in one transaction (the caller has verified the
    signer with ``verify_signer``). Refuses a note that is incomplete, signed, or not theirs."""
    with transaction.atomic():
        note = drafting.save_draft(note, by=by, data=data, version=version, request=request)
        errors = missing_content(note)
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        note.status = Status.SIGNED
        note.signed_at = now
        note.signed_by = by
        note.cosigner_id = cosigner_for(by)
        note.cosign_required = note.cosigner_id is not None
        note.version += 1
        note.updated_at = now
        note.save()
        record(
            "note.sign",
            request=request,
            actor=by,
            obj=note,
            detail={"late": note.is_late, "cosign_required": note.cosign_required},
        )
    return note


def cosign(model, record_id: int, *, by, request=None):
    """Co-sign a signed note (or group note) waiting in ``by``'s queue."""
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=record_id)
        if row.status != Status.SIGNED or not row.cosign_required:
            raise NoteImmutableError("This note doesn't need a co-signature.")
        if row.cosigned_at is not None:
            raise NoteImmutableError("This note is already co-signed.")
        if row.cosigner_id != by.pk:
            raise PermissionDenied
        row.cosigned_at = timezone.now()
        row.cosigned_by = by
        row.version += 1
        row.save(update_fields=["cosigned_at", "cosigned_by", "version"])
        if model is not Note:
            Note.objects.filter(group_note=row).update(cosigned_at=row.cosigned_at, cosigned_by=by)
        record(
            f"{model._meta.model_name}.cosign",
            request=request,
            actor=by,
            obj=row,
            detail={"author": row.author_id},
        )
    return row


def add_addendum(note: Note, *, by, reason: str, text: str, request=None) -> Addendum:
    """Corrections to a signed note are addenda: author, time, reason and text, shown with it."""
    if not reason.strip() or not text.strip():
        raise ValidationError({"reason": "Give a reason and the text of the addendum."})
    with transaction.atomic():
        if not Note.objects.filter(pk=note.pk, status=Status.SIGNED).exists():
            raise NoteImmutableError("Finish and sign the note first; a draft can still be edited.")
        addendum = Addendum.objects.create(note=note, author=by, reason=reason, text=text)
        record(
            "note.addendum",
            request=request,
            actor=by,
            obj=note,
            detail={"addendum": addendum.pk},
        )
    return addendum
