"""A client's notes: the chart tab, starting, writing (with autosave), signing, addenda and
co-signing. Views parse, authorize through the door, call one operation, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.clients.chart import render_chart
from cairn.notes import configuration, drafting, queries, signing
from cairn.notes.forms import AddendumForm, NoteForm, NoteStartForm, SignForm
from cairn.notes.models import Note, NoteImmutableError

PAGE_SIZE = 25
#: The id of the note form on the writing pages (the sign box sits outside it).
NOTE_FORM = "note-form"
#: Pages under a note mark the chart's Notes tab as the current one.
IN_NOTES_TAB = {"current_tab": "notes:chart"}


def attach_errors(form, error: ValidationError) -> None:
    """Put an operation's refusal on the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


@staff_required
@require_safe
def chart_notes(request, client_id):
    """The chart's Notes tab: signed notes, the viewer's own drafts, newest first."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit="notes.list")
    scoped = access.scope(Note.objects.all(), request.user, Action.VIEW_CHART)
    page = Paginator(queries.chart_notes(scoped, client, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_chart(
        request,
        client,
        "notes/chart_notes.html",
        {"page": page, "can_write": Action.WRITE_CLINICAL in client.allowed_actions},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new_note(request, client_id):
    """Choose the kind of note (and the session it documents), then write it."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL, audit="notes.new")
    sessions = queries.client_sessions(client)
    form = NoteStartForm(
        request.POST or None,
        sessions=sessions,
        tz=client.program.tz,
        initial=_start_initial(request, sessions),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fmt = data["format"] or configuration.default_format(client.program_id, data["note_type"])
        last_plan = ""
        if data["start_from_last_plan"]:
            last_plan = queries.last_plans(request.user, [client.pk]).get(client.pk, "")
        try:
            note = drafting.start_note(
                client=client,
                by=request.user,
                note_type=data["note_type"],
                fmt=fmt,
                session=data["session"],
                last_plan=last_plan,
                request=request,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if data["start_from_last_plan"] and not last_plan:
                messages.info(request, "There is no earlier note with a plan to start from.")
            return redirect("notes:edit", note_id=note.pk)
    return render_chart(request, client, "notes/new.html", {"form": form, **IN_NOTES_TAB})


def _start_initial(request, sessions) -> dict:
    """Arriving from "sessions needing a note": the session and its kind of note preselected."""
    wanted = request.GET.get("session", "")
    session = sessions.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if session is None:
        return {}
    return {"session": session.pk, "note_type": "family" if session.kind == "family" else None}


def _own_draft(request, note_id, action=Action.WRITE_CLINICAL) -> Note:
    """The user's own note; others' drafts don't exist for them (drafts are private)."""
    note = access.owned_for(request, queries.notes_for_detail(), note_id, action)
    if not note.is_signed and note.author_id != request.user.pk:
        raise Http404("Not found")
    return note


def _signed_refusal(request, note):
    messages.error(request, "This note is signed and can't be changed. Add an addendum instead.")
    return redirect("notes:detail", note_id=note.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def edit_note(request, note_id):
    """Write a draft. An htmx POST is an autosave (answers a status line); a plain POST is
    "Save draft"."""
    note = _own_draft(request, note_id)
    if note.is_signed:
        return _signed_refusal(request, note)
    if request.method == "POST" and request.htmx:
        return _autosave(request, note)
    form = NoteForm(request.POST or None, note=note)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            drafting.save_draft(
                note,
                by=request.user,
                data={**form.service_data(), "sections": form.sections(), **form.objective_data()},
                version=form.cleaned_data["version"],
                request=request,
            )
        except drafting.DraftConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
            status = 409
        except NoteImmutableError:
            return _signed_refusal(request, note)
        else:
            messages.success(request, "Draft saved.")
            return redirect("notes:edit", note_id=note.pk)
    return _edit_page(request, note, form, SignForm(form_id=NOTE_FORM), status=status)


def _edit_page(request, note, form, sign_form, status=200):
    return render_chart(
        request,
        note.door_client,
        "notes/edit.html",
        {"note": note, "form": form, "sign_form": sign_form, **IN_NOTES_TAB},
        status=status,
    )


def _conflict_message(conflict) -> str:
    when = timezone.localtime(conflict.current.updated_at)
    return (
        f"This draft was changed in another window at {when:%H:%M}. Your text is still on this "
        "page: copy what you need, then reload the page to see the saved version."
    )


def _autosave(request, note):
    """Save whatever is valid; report what wasn't saved. Text is never thrown away."""
    form = NoteForm(request.POST, note=note)
    form.is_valid()
    context = {"saved": False, "problems": [], "version": note.version}
    if "version" not in form.cleaned_data:
        context["problems"].append("Reload the page: this form is out of date.")
        return render(request, "notes/_save_status.html", context)
    try:
        saved = drafting.save_draft(
            note,
            by=request.user,
            data={**form.service_data(), "sections": form.sections(), **form.objective_data()},
            version=form.cleaned_data["version"],
            request=request,
        )
    except drafting.DraftConflict as conflict:
        context["problems"].append(_conflict_message(conflict))
        context["conflict"] = True
    except NoteImmutableError:
        context["problems"].append("This note was signed in another window; it can't change.")
    else:
        context.update(saved=True, version=saved.version, at=saved.updated_at)
        context["problems"] = [f"{form[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
    return render(request, "notes/_save_status.html", context)


@staff_required
@require_POST
def sign_note(request, note_id):
    """Save the note as written and sign it, after asking again for the password or a code."""
    note = _own_draft(request, note_id)
    if note.is_signed:
        return _signed_refusal(request, note)
    form, sign_form = NoteForm(request.POST, note=note), SignForm(request.POST, form_id=NOTE_FORM)
    if form.is_valid() and sign_form.is_valid():
        try:
            signing.verify_signer(request.user, sign_form.cleaned_data["secret"], request=request)
            signing.sign_note(
                note,
                by=request.user,
                data={**form.service_data(), "sections": form.sections(), **form.objective_data()},
                version=form.cleaned_data["version"],
                request=request,
            )
        except signing.WrongSecret:
            sign_form.add_error("secret", "That password or code isn't right. Nothing was signed.")
        except signing.TooManyAttempts:
            sign_form.add_error("secret", "Too many wrong tries. Wait 15 minutes, then sign.")
        except drafting.DraftConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as error:
            attach_errors(form, error)
        except NoteImmutableError:
            return _signed_refusal(request, note)
        else:
            if note.author.prelicensed:
                messages.success(
                    request, "Signed. It now waits for your supervisor's co-signature."
                )
            else:
                messages.success(request, "Signed.")
            return redirect("notes:detail", note_id=note.pk)
    return _edit_page(request, note, form, sign_form, status=400)


@staff_required
@require_safe
def note_detail(request, note_id):
    """One note with its addenda and signatures."""
    note = _own_draft(request, note_id, Action.VIEW_CHART)
    client = note.door_client
    return render_chart(
        request,
        client,
        "notes/detail.html",
        {
            "note": note,
            "addenda": note.addenda.select_related("author"),
            "can_write": Action.WRITE_CLINICAL in client.allowed_actions,
            "can_cosign": _may_cosign(request, note),
            "addendum_form": AddendumForm(),
            "sign_form": SignForm(),
            **IN_NOTES_TAB,
        },
    )


def _may_cosign(request, note) -> bool:
    return (
        note.awaiting_cosign
        and note.group_note_id is None
        and note.cosigner_id == request.user.pk
        and access.may(request, ProgramAction.COSIGN, program_id=note.program_id)
    )


@staff_required
@require_POST
def add_addendum(request, note_id):
    note = access.owned_for(request, queries.notes_for_detail(), note_id, Action.WRITE_CLINICAL)
    form = AddendumForm(request.POST)
    if not note.is_signed:
        messages.error(request, "A draft is still edited directly; addenda are for signed notes.")
        return redirect("notes:edit", note_id=note.pk)
    if form.is_valid():
        try:
            signing.add_addendum(note, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Addendum added.")
            return redirect(reverse("notes:detail", kwargs={"note_id": note.pk}) + "#addenda")
    return render_chart(
        request,
        note.door_client,
        "notes/detail.html",
        {
            "note": note,
            "addenda": note.addenda.select_related("author"),
            "can_write": True,
            "can_cosign": _may_cosign(request, note),
            "addendum_form": form,
            "sign_form": SignForm(),
            **IN_NOTES_TAB,
        },
        status=400,
    )


@staff_required
@require_POST
def cosign_note(request, note_id):
    """A supervisor co-signs a pre-licensed clinician's signed note (password asked again)."""
    note = access.owned_for(request, queries.notes_for_detail(), note_id, Action.VIEW_CHART)
    if not _may_cosign(request, note):
        raise PermissionDenied
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            signing.verify_signer(request.user, form.cleaned_data["secret"], request=request)
            signing.cosign(Note, note.pk, by=request.user, request=request)
        except (signing.WrongSecret, signing.TooManyAttempts):
            messages.error(request, "That password or code isn't right. Nothing was co-signed.")
        except NoteImmutableError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Co-signed.")
    else:
        messages.error(request, "Type your password or a code to co-sign.")
    return redirect("notes:detail", note_id=note.pk)
