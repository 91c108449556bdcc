"""The group note screen (issue 7.2): one page for the shared part and every present member's
part; signing writes one note per member. The session door (``SessionAction.DOCUMENT``) lets
the facilitator document every member; ``REVIEW_NOTES`` lets their supervisor read it whole."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import ProgramAction, SessionAction
from cairn.notes import configuration, drafting, group, queries, signing
from cairn.notes.catalog import GROUP
from cairn.notes.forms import GroupAddendumForm, GroupNoteForm, GroupStartForm, SignForm
from cairn.notes.models import GroupNote, NoteImmutableError
from cairn.notes.views import NOTE_FORM, _conflict_message, attach_errors
from cairn.scheduling.models import SessionKind


def _group_session(request, session_id, action):
    session = access.session_for(request, session_id, action)
    if session.kind != SessionKind.GROUP:
        raise Http404("Not found")
    return session


def _writer(request, session, group_note) -> bool:
    return SessionAction.DOCUMENT in session.allowed_actions and (
        group_note is None or group_note.author_id == request.user.pk
    )


@staff_required
@require_http_methods(["GET", "POST"])
def group_note(request, session_id):
    """GET: start, write, or read the session's group note. An htmx POST is an autosave; a plain
    POST is "Save draft"."""
    session = _group_session(
        request,
        session_id,
        SessionAction.DOCUMENT if request.method == "POST" else SessionAction.REVIEW_NOTES,
    )
    note = queries.group_note_of(session)
    if note is None or note.is_signed or not _writer(request, session, note):
        if request.method == "POST":
            return _refuse_change(request, session, note)
        return _read_page(request, session, note)
    if request.method == "POST" and request.htmx:
        return _autosave(request, session, note)
    form = GroupNoteForm(request.POST or None, group_note=note, entries=queries.entries_for(note))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            group.save_group_note(note, by=request.user, request=request, **_parts(form))
        except drafting.DraftConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
            status = 409
        except ValidationError as error:
            attach_errors(form, error)
            status = 400
        else:
            messages.success(request, "Draft saved.")
            return redirect("notes:group", session_id=session.pk)
    return _edit_page(request, session, note, form, SignForm(form_id=NOTE_FORM), status)


def _parts(form) -> dict:
    return {
        "data": form.service_data(),
        "shared": form.shared(),
        "members": form.members(),
        "version": form.cleaned_data["version"],
    }


def _refuse_change(request, session, note):
    if note is not None and note.is_signed:
        messages.error(request, "This group note is signed and can't be changed. Add an addendum.")
    elif note is not None:
        raise PermissionDenied
    return redirect("notes:group", session_id=session.pk)


def _edit_page(request, session, note, form, sign_form, status=200):
    return render(
        request,
        "notes/group_edit.html",
        {"session": session, "note": note, "form": form, "sign_form": sign_form},
        status=status,
    )


def _read_page(request, session, note):
    context = {"session": session, "note": note, "can_write": _writer(request, session, note)}
    if note is None:
        if context["can_write"]:
            fmt = configuration.default_format(session.program_id, GROUP)
            context["start_form"] = GroupStartForm(initial={"format": fmt})
            context["roster"] = group.roster(session)
        return render(request, "notes/group_start.html", context)
    if not note.is_signed:
        return render(request, "notes/group_start.html", context)
    notes = queries.member_notes(note)
    context.update(
        members=notes,
        can_cosign=_may_cosign(request, session, note),
        can_amend=SessionAction.DOCUMENT in session.allowed_actions,
        addendum_form=GroupAddendumForm(notes=notes),
        sign_form=SignForm(),
    )
    return render(request, "notes/group_detail.html", context)


def _autosave(request, session, note):
    form = GroupNoteForm(request.POST, group_note=note, entries=queries.entries_for(note))
    context = {"saved": False, "problems": [], "version": note.version}
    if not form.is_valid():
        problems = [
            f"{form[f].label}: {' '.join(e)}" for f, e in form.errors.items() if f in form.fields
        ]
        context["problems"] = problems + list(form.non_field_errors())
        if "version" not in form.cleaned_data or form.non_field_errors():
            return render(request, "notes/_save_status.html", context)
    try:
        saved, _ = group.save_group_note(note, by=request.user, request=request, **_parts(form))
    except drafting.DraftConflict as conflict:
        context.update(problems=[_conflict_message(conflict)], conflict=True)
    except ValidationError as error:
        context["problems"] = error.messages
    except NoteImmutableError:
        context["problems"] = ["This group note was signed in another window; it can't change."]
    else:
        context.update(saved=True, version=saved.version, at=saved.updated_at)
    return render(request, "notes/_save_status.html", context)


@staff_required
@require_POST
def start_group_note(request, session_id):
    session = _group_session(request, session_id, SessionAction.DOCUMENT)
    form = GroupStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a format for the group note.")
        return redirect("notes:group", session_id=session.pk)
    last_plans = {}
    if form.cleaned_data["start_from_last_plan"]:
        members = [p.client_id for p in group.roster(session)]
        last_plans = queries.last_plans(request.user, members)
    try:
        group.start_group_note(
            session,
            by=request.user,
            fmt=form.cleaned_data["format"],
            last_plans=last_plans,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("notes:group", session_id=session.pk)


@staff_required
@require_POST
def sign_group_note(request, session_id):
    """Save and sign: one note per present member, each with the shared part and their own."""
    session = _group_session(request, session_id, SessionAction.DOCUMENT)
    note = queries.group_note_of(session)
    if note is None or note.is_signed or note.author_id != request.user.pk:
        return _refuse_change(request, session, note)
    form = GroupNoteForm(request.POST, group_note=note, entries=queries.entries_for(note))
    sign_form = SignForm(request.POST, form_id=NOTE_FORM)
    if form.is_valid() and sign_form.is_valid():
        try:
            signing.verify_signer(request.user, sign_form.cleaned_data["secret"], request=request)
            notes = group.sign_group_note(note, by=request.user, request=request, **_parts(form))
        except signing.WrongSecret:
            sign_form.add_error("secret", "That password or code isn't right. Nothing was signed.")
        except signing.TooManyAttempts:
            sign_form.add_error("secret", "Too many wrong tries. Wait 15 minutes, then sign.")
        except drafting.DraftConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as error:
            attach_errors(form, error)
        except NoteImmutableError:
            return _refuse_change(request, session, queries.group_note_of(session))
        else:
            messages.success(
                request,
                f"Signed. Each of the {len(notes)} members present has the note in their chart.",
            )
            return redirect("notes:group", session_id=session.pk)
    return _edit_page(request, session, note, form, sign_form, status=400)


def _may_cosign(request, session, note) -> bool:
    return (
        note.awaiting_cosign
        and note.cosigner_id == request.user.pk
        and access.may(request, ProgramAction.COSIGN, program_id=session.program_id)
    )


@staff_required
@require_POST
def cosign_group_note(request, session_id):
    session = _group_session(request, session_id, SessionAction.REVIEW_NOTES)
    note = queries.group_note_of(session)
    if note is None or not _may_cosign(request, session, note):
        raise PermissionDenied
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            signing.verify_signer(request.user, form.cleaned_data["secret"], request=request)
            signing.cosign(GroupNote, note.pk, by=request.user, request=request)
        except (signing.WrongSecret, signing.TooManyAttempts):
            messages.error(request, "That password or code isn't right. Nothing was co-signed.")
        except NoteImmutableError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Co-signed, for every member's note.")
    else:
        messages.error(request, "Type your password or a code to co-sign.")
    return redirect("notes:group", session_id=session.pk)


@staff_required
@require_POST
def add_group_addendum(request, session_id):
    session = _group_session(request, session_id, SessionAction.DOCUMENT)
    note = queries.group_note_of(session)
    if note is None or not note.is_signed:
        messages.error(request, "Addenda are for signed notes; a draft is still edited directly.")
        return redirect("notes:group", session_id=session.pk)
    notes = queries.member_notes(note)
    form = GroupAddendumForm(request.POST, notes=notes)
    if form.is_valid():
        try:
            group.add_group_addendum(
                note,
                by=request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                client_id=form.client_id(),
                request=request,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Addendum added.")
            return redirect("notes:group", session_id=session.pk)
    return render(
        request,
        "notes/group_detail.html",
        {
            "session": session,
            "note": note,
            "members": notes,
            "can_cosign": _may_cosign(request, session, note),
            "can_amend": True,
            "addendum_form": form,
            "sign_form": SignForm(),
        },
        status=400,
    )
