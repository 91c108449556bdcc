"""Progress notes (signed notes only, with their addenda) and SUD counseling notes, from the
notes app. Counseling notes are their own category: the rules release them only under a
consent for them alone, and the record export leaves them out."""

from django.db.models import Prefetch

from cairn.consents.categories import Content, Entry, Section
from cairn.consents.providers.common import clock, day, iso, local, on_days, ref
from cairn.notes.models import Addendum, CounselingNote, Note, Status


def _note_entry(note, tz) -> Entry:
    heading = (
        f"{note.type_label} note — {day(note.service_date)}, "
        f"{clock(note.starts_at, tz)}–{clock(note.ends_at, tz)}"
    )
    facts = [
        ("Written by", note.author.display_name),
        ("Format", note.format),
        ("Mode", note.get_mode_display()),
    ]
    if note.modalities:
        facts.append(("Approaches", ", ".join(note.modality_labels)))
    facts.append(("Signed", f"{local(note.signed_at, tz):%b %-d, %Y %H:%M}"))
    if note.cosigned_at:
        facts.append(("Co-signed by", note.cosigned_by.display_name))
    texts = [(label, text) for label, text in note.shared_items if text]
    texts += [(label, text) for label, text in note.section_items if text]
    for addendum in note.addenda.all():
        texts.append(
            (
                f"Addendum, {local(addendum.written_at, tz):%b %-d, %Y} "
                f"({addendum.author.display_name}): {addendum.reason}",
                addendum.text,
            )
        )
    return Entry(heading, facts, texts)


def progress_notes(client, period) -> Content:
    tz = client.program.tz
    notes = on_days(
        Note.objects.filter(client=client, status=Status.SIGNED)
        .select_related("author", "cosigned_by")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .order_by("starts_at", "id"),
        "service_date",
        period,
    )
    content = Content(sections=[Section("Progress notes")])
    for note in notes:
        content.sections[0].entries.append(_note_entry(note, tz))
        content.records.append(
            {
                "resourceType": "DocumentReference",
                "id": ref(note),
                "type": note.note_type,
                "format": note.format,
                "date": note.starts_at.isoformat(),
                "period": {"start": note.starts_at.isoformat(), "end": note.ends_at.isoformat()},
                "author": note.author.display_name,
                "mode": note.mode,
                "modalities": list(note.modalities),
                "signedAt": note.signed_at.isoformat(),
                "cosignedBy": note.cosigned_by.display_name if note.cosigned_by else None,
                "sharedSections": note.shared_sections,
                "sections": note.sections,
                "addenda": [
                    {
                        "writtenAt": a.written_at.isoformat(),
                        "author": a.author.display_name,
                        "reason": a.reason,
                        "text": a.text,
                    }
                    for a in note.addenda.all()
                ],
            }
        )
        content.references.append(ref(note))
    return content


def counseling_notes(client, period) -> Content:
    notes = on_days(
        CounselingNote.objects.filter(client=client)
        .select_related("author")
        .order_by("service_date", "written_at"),
        "service_date",
        period,
    )
    content = Content(
        sections=[
            Section(
                "SUD counseling notes",
                note="Released under the client's separate consent for counseling notes.",
            )
        ]
    )
    for note in notes:
        content.sections[0].entries.append(
            Entry(
                f"Counseling note — {day(note.service_date)}",
                [("Written by", note.author.display_name)],
                [("Note", note.text)],
            )
        )
        content.records.append(
            {
                "resourceType": "DocumentReference",
                "id": ref(note),
                "type": "sud_counseling_note",
                "date": iso(note.service_date),
                "author": note.author.display_name,
                "text": note.text,
            }
        )
        content.references.append(ref(note))
    return content
