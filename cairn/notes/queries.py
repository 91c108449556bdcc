"""Queries for the notes pages. Client data comes only from querysets the door scoped
(``access.scope``) or from a session the door let through (``access.session_for``)."""

from datetime import timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.clients.models import Client
from cairn.notes.catalog import PLAN
from cairn.notes.group import roster
from cairn.notes.models import Addendum, GroupNote, GroupNoteEntry, Note, Status
from cairn.plans.links import RelatedRecord
from cairn.scheduling.models import Session

#: Sessions offered when starting a note: from this many days back.
SESSION_CHOICE_DAYS = 30


def notes_for_detail():
    return Note.objects.select_related(
        "program", "author", "signed_by", "cosigner", "cosigned_by", "session__group_type"
    )


def chart_notes(scoped, client, user):
    """A chart's notes: signed ones, and the viewer's own drafts (others' drafts stay private
    until signed). Drafts first, then newest service first."""
    return (
        scoped.filter(client=client)
        .filter(Q(status=Status.SIGNED) | Q(author=user))
        .select_related("author", "session__group_type")
        .annotate(addenda_count=Count("addenda"))
        .order_by("status", "-starts_at", "-id")
    )


def _visible_signed(user):
    """Signed notes the user may read: through the door, or their own."""
    return Note.objects.filter(
        Q(access.scope_q(user, Action.VIEW_CHART, prefix="client__")) | Q(author=user),
        status=Status.SIGNED,
    )


def last_plans(user, client_ids) -> dict[int, str]:
    """Each client's last note's plan (issue 7.6), from notes the user may read."""
    latest = (
        _visible_signed(user)
        .filter(client_id=OuterRef("pk"))
        .order_by("-starts_at", "-id")
        .values(f"sections__{PLAN}")[:1]
    )
    rows = Client.objects.filter(pk__in=list(client_ids)).annotate(plan=Subquery(latest))
    return {pk: plan for pk, plan in rows.values_list("pk", "plan") if plan}


def client_sessions(client, now=None):
    """Sessions a note for ``client`` may document: booked, not cancelled, recent."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            participants__client=client,
            participants__cancelled=False,
            program_id=client.program_id,
            starts_at__gte=now - timedelta(days=SESSION_CHOICE_DAYS),
            starts_at__lte=now + timedelta(days=1),
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("group_type")
        .order_by("-starts_at")
    )


def group_note_of(session):
    return (
        GroupNote.objects.select_related("program", "author", "cosigner", "cosigned_by")
        .filter(session=session)
        .first()
    )


def entries_for(group_note) -> list[GroupNoteEntry]:
    """The entries, plus (unsaved) blank ones for members booked since the note was started."""
    entries = list(group_note.entries.select_related("client"))
    have = {e.client_id for e in entries}
    for participant in roster(group_note.session):
        if participant.client_id not in have:
            entry = GroupNoteEntry(group_note=group_note, client=participant.client)
            entry.sections = dict.fromkeys(group_note.layout.member, "")
            entries.append(entry)
    return sorted(entries, key=lambda e: (e.client.last_name, e.client.first_name, e.client_id))


def member_notes(group_note) -> list[Note]:
    return list(
        group_note.notes.select_related("client")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .order_by("client__last_name", "client__first_name")
    )


def own_counseling_notes(scoped, client, user):
    return scoped.filter(client=client, author=user).select_related(
        "session", "session__group_type"
    )


def medication_management_notes(request, client) -> list[dict]:
    """The medications app's Adherence tab lists these (cairn.medications.hooks). The client
    was authorized by the door; only signed notes and the viewer's own drafts are listed."""
    scoped = access.scope(Note.objects.all(), request.user, Action.VIEW_CHART)
    notes = (
        chart_notes(scoped, client, request.user)
        .filter(note_type="medication_management")
        .order_by("-service_date", "-id")[:50]
    )
    return [
        {
            "written_on": note.service_date,
            "title": f"{note.type_label} note"
            + ("" if note.status == Status.SIGNED else " (draft)"),
            "author": note.author.display_name,
            "url": reverse("notes:detail", args=[note.pk]),
        }
        for note in notes
    ]


def notes_for_objectives(client, objectives):
    """The plans app lists, under each objective, the signed notes that addressed it
    (cairn.plans.links). One query; the client was authorized by the door."""
    keys = {objective.pk: objective.key for objective in objectives}
    links = (
        Note.addressed_objectives.through.objects.filter(
            objective_id__in=list(keys), note__client=client, note__status=Status.SIGNED
        )
        .select_related("note")
        .order_by("-note__service_date")
    )
    for link in links:
        note = link.note
        yield RelatedRecord(
            keys[link.objective_id],
            note.service_date,
            "Note",
            f"{note.type_label} note",
            reverse("notes:detail", args=[note.pk]),
        )
