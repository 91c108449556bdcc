"""A client with records of every kind the apps keep, each with words a test can look for."""

from datetime import timedelta

from django.utils import timezone

from cairn.attendance.recording import Mark, record_attendance
from cairn.medications.tests.factories import make_medication, make_screen
from cairn.notes.models import CounselingNote
from cairn.notes.tests.factories import make_note
from cairn.testing.sessions import make_session


def give_records(cast, *, notes=1):
    client, clinician = cast.client, cast.clinician
    for n in range(notes):
        ends = timezone.now() - timedelta(days=2 + n, hours=1)
        make_note(
            client,
            clinician,
            signed=True,
            ends_at=ends,
            sections={"data": f"PROGRESS-NOTE-TEXT {n}. " + "Talked about coping. " * 40},
        )
    make_note(client, clinician, sections={"data": "DRAFT-NOTE-TEXT"})
    make_medication(
        client,
        clinician,
        name="Naltrexone",
        catalog_key="",
        strength="50 mg",
        form="tablet",
        ingredients=["naltrexone"],
        drug_class="",
    )
    make_screen(client, clinician, {"cocaine": ("positive", "unexpected")})
    CounselingNote.objects.create(
        program_id=client.program_id,
        client=client,
        author=clinician,
        service_date=timezone.localdate() - timedelta(days=3),
        text="COUNSELING-NOTE-TEXT about the conversation",
    )
    session = make_session(
        cast.program,
        clinician,
        clients=[client],
        title="RELAPSE-PREVENTION-GROUP",
        day=timezone.localdate() - timedelta(days=1),
    )
    record_attendance(session, [Mark(client_id=client.pk, status="present")], by=clinician)
