"""SUD counseling notes (42 CFR Part 2; issue 7.5): kept apart from the record, readable by
their author only (and, once the consents issue lands, whoever a specific consent allows),
never part of a general export, list or disclosure."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cairn.audit.log import record
from cairn.notes.models import CounselingNote
from cairn.scheduling.models import SessionParticipant


def write_counseling_note(
    *, client, by, text: str, service_date, session=None, request=None
) -> CounselingNote:
    """Keep a counseling note. The audit event holds ids only, never the text."""
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    if (
        session is not None
        and not SessionParticipant.objects.filter(
            session=session, client=client, cancelled=False
        ).exists()
    ):
        raise ValidationError({"session": f"{client.display_name} is not in that session."})
    with transaction.atomic():
        note = CounselingNote.objects.create(
            program_id=client.program_id,
            client=client,
            session=session,
            author=by,
            service_date=service_date,
            text=text,
        )
        record("counseling_note.create", request=request, actor=by, obj=note, client_id=client.pk)
    return note
