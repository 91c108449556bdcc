"""Admissions pages: the board, inquiry lists and forms along the pipeline, and admission.
Every page goes through the door (``access.program_for`` / ``inquiries_for`` / ``inquiry_for``);
every write is one operation in ``pipeline.py`` or ``admission.py``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.accounts.roles import CARE_ROLES, Role
from cairn.admissions import asam, pipeline
from cairn.admissions import queries as board_queries
from cairn.admissions.admission import (
    AdmissionDetails,
    PossibleDuplicate,
    admit_client,
    find_matches,
)
from cairn.admissions.forms import (
    AdmissionForm,
    AssessmentForm,
    FollowUpForm,
    InquiryForm,
    MoveForm,
    ScheduleAssessmentForm,
    ScreeningForm,
)
from cairn.admissions.models import Inquiry
from cairn.admissions.screening import QUESTIONS
from cairn.clients.census import staff_queryset
from cairn.clients.episodes import TeamMember
from cairn.clients.models import CareTeamMember, LevelOfCare

MANAGE = ProgramAction.MANAGE_ADMISSIONS
VIEW = ProgramAction.VIEW_ADMISSIONS
COORDINATORS = {Role.INTAKE, Role.CLINICIAN, Role.SUPERVISOR, Role.DIRECTOR}
CLINICIANS = {Role.CLINICIAN, Role.SUPERVISOR}


@staff_required
@require_safe
def board(request):
    """Inquiries by status with counts, days in status, and overdue follow-ups standing out."""
    program = access.program_for(request, VIEW)
    context = board_queries.board(access.inquiries_for(request.user, VIEW), program)
    context["may_manage"] = access.may(request, MANAGE)
    return render(request, "admissions/board.html", context)


@staff_required
@require_safe
def inquiries(request):
    """Every inquiry of the program, filtered by status and searchable."""
    program = access.program_for(request, VIEW)
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()[:100]
    rows = access.inquiries_for(request.user, VIEW).filter(program=program)
    if status in Inquiry.Status.values:
        rows = rows.filter(status=status)
    rows = board_queries.with_follow_up_state(board_queries.search(rows, search))
    page = Paginator(rows.select_related("coordinator").order_by("-received_at", "-pk"), 50)
    query = urlencode({k: v for k, v in (("status", status), ("q", search)) if v})
    return render(
        request,
        "admissions/inquiries.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "status": status,
            "search": search,
            "statuses": Inquiry.Status.choices,
            "query": query,
            "now": timezone.now(),
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_new(request):
    program = access.program_for(request, MANAGE)
    form = InquiryForm(
        request.POST or None,
        staff=staff_queryset(program, COORDINATORS),
        initial={
            "received_at": timezone.localtime().replace(second=0, microsecond=0),
            "coordinator": request.user.pk,
        },
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        inquiry = pipeline.create_inquiry(program, values, by=request.user, request=request)
        messages.success(request, f"Recorded the inquiry about {inquiry.display_name}.")
        return redirect("admissions:inquiry", inquiry_id=inquiry.pk)
    return render(request, "admissions/inquiry_form.html", {"form": form, "title": "New inquiry"})


@staff_required
@require_safe
def inquiry(request, inquiry_id):
    """One inquiry: details, where it is in the pipeline, screening, assessment, follow-ups."""
    item = access.inquiry_for(request, inquiry_id, VIEW)
    screening = item.screenings.select_related("screened_by").first()
    assessment = item.assessments.select_related("assessed_by").first()
    return render(
        request,
        "admissions/inquiry.html",
        {
            "inquiry": item,
            "events": item.events.select_related("by"),
            "screening": screening,
            "answers": [(q, getattr(screening, q.field)) for q in QUESTIONS] if screening else [],
            "assessment": assessment,
            "rule": asam.rule_table(assessment.edition) if assessment else [],
            "follow_ups": item.follow_ups.select_related("task__owner").order_by("task__due_at"),
            "can": {s: pipeline.can_move(item, s) for s in Inquiry.Status.values},
            "manual_moves": [s for s in pipeline.MANUAL_MOVES if pipeline.can_move(item, s)],
            "now": timezone.now(),
        },
    )


def _form_page(
    request, item, form, *, title, submit, intro="", template="admissions/step_form.html", **extra
):
    return render(
        request,
        template,
        {"inquiry": item, "form": form, "title": title, "submit": submit, "intro": intro, **extra},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_edit(request, inquiry_id):
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    form = InquiryForm(
        request.POST or None,
        instance=item,
        staff=staff_queryset(item.program, COORDINATORS),
        initial={"version": item.version},
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            pipeline.update_inquiry(
                item,
                values,
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Inquiry saved.")
            return redirect("admissions:inquiry", inquiry_id=item.pk)
    return render(
        request,
        "admissions/inquiry_form.html",
        {"form": form, "title": f"Edit inquiry: {item.display_name}", "inquiry": item},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_screening(request, inquiry_id):
    """Pre-admission screening for IOP fit."""
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screening = pipeline.record_screening(
                item,
                form.answers(),
                notes=form.cleaned_data["notes"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Screening recorded: {screening.get_recommendation_display()}."
            )
            return redirect("admissions:inquiry", inquiry_id=item.pk)
    return _form_page(
        request,
        item,
        form,
        title="Screening for IOP fit",
        submit="Record screening",
        intro="Ask each question; answers pointing to a higher level of care produce a recorded "
        "recommendation to refer.",
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_schedule(request, inquiry_id):
    """Book the level-of-care assessment."""
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    form = ScheduleAssessmentForm(
        request.POST or None,
        staff=staff_queryset(item.program, CLINICIANS | {Role.DIRECTOR}),
        initial={"assessment_at": item.assessment_at, "assessor": item.assessor_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pipeline.schedule_assessment(
                item,
                at=form.cleaned_data["assessment_at"],
                assessor=form.cleaned_data["assessor"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Assessment scheduled; it is on the assessor's task list.")
            return redirect("admissions:inquiry", inquiry_id=item.pk)
    return _form_page(request, item, form, title="Schedule the assessment", submit="Schedule")


def _preview(request, edition: str):
    """The recommendation for the ratings in the query string (htmx preview while rating)."""
    try:
        ratings = {n: int(request.GET[f"d{n}_rating"]) for n in range(1, 7)}
    except (KeyError, ValueError):
        return None
    if any(not 0 <= r <= 4 for r in ratings.values()):
        return None
    return asam.recommend(edition, ratings)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_assessment(request, inquiry_id):
    """The six ASAM dimensions, the recommended level with how it was derived, the decision."""
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    edition = item.program.asam_edition
    form = AssessmentForm(
        request.POST or None,
        edition=edition,
        initial={"assessed_on": timezone.localdate(), "decided_level": LevelOfCare.IOP},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pipeline.record_assessment(
                item,
                assessed_on=data["assessed_on"],
                ratings=form.ratings(),
                narratives=form.narratives(),
                decided_level=data["decided_level"],
                decision_reason=data["decision_reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Assessment recorded.")
            return redirect("admissions:inquiry", inquiry_id=item.pk)
    preview = _preview(request, edition) if request.method == "GET" else None
    if request.method == "POST" and all(f"d{n}_rating" in form.cleaned_data for n in range(1, 7)):
        preview = asam.recommend(edition, form.ratings())
    return render(
        request,
        "admissions/assessment_form.html",
        {
            "inquiry": item,
            "form": form,
            "preview": preview,
            "rule": asam.rule_table(edition),
            "edition_label": item.program.get_asam_edition_display(),
            "names_unconfirmed": edition in asam.UNCONFIRMED_NAMES,
        },
    )


def _admission_initial(item: Inquiry) -> dict:
    assessment = item.assessments.first()
    return {
        "first_name": item.first_name,
        "last_name": item.last_name,
        "preferred_name": item.preferred_name,
        "pronouns": item.pronouns,
        "date_of_birth": item.date_of_birth,
        "admitted_on": timezone.localdate(),
        "level_of_care": assessment.decided_level if assessment else LevelOfCare.IOP,
        "primary_clinician": item.assessor_id,
    }


def _details(data) -> AdmissionDetails:
    team = [
        TeamMember(
            user,
            CareTeamMember.TeamRole.PRESCRIBER
            if user.has_role(Role.PRESCRIBER) and not user.has_role(*CLINICIANS)
            else CareTeamMember.TeamRole.CLINICIAN,
        )
        for user in data["care_team"]
    ]
    fields = [
        "first_name",
        "last_name",
        "preferred_name",
        "pronouns",
        "date_of_birth",
        "sex_at_birth",
        "mrn",
        "admitted_on",
        "level_of_care",
        "track",
        "primary_clinician",
    ]
    return AdmissionDetails(**{k: data[k] for k in fields}, team=team)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_admit(request, inquiry_id):
    """Admit: create the client (or readmit the existing record) and open the episode."""
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    visible = access.clients_for(request.user, Action.VIEW_DEMOGRAPHICS)
    form = AdmissionForm(
        request.POST or None,
        tracks=item.program.tracks.filter(active=True),
        staff=staff_queryset(item.program, CARE_ROLES),
        initial=_admission_initial(item),
    )
    form.fields["primary_clinician"].queryset = staff_queryset(item.program, CLINICIANS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = []
        if data["match"] not in ("", "new"):
            matches = list(
                find_matches(
                    visible.filter(program=item.program),
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"],
                )
            )
        existing = next((c for c in matches if str(c.pk) == data["match"]), None)
        try:
            episode = admit_client(
                item,
                _details(data),
                visible_clients=visible,
                existing_client=existing,
                new_person_confirmed=data["match"] == "new",
                by=request.user,
                request=request,
            )
        except PossibleDuplicate as duplicate:
            form.offer(duplicate.matches)
            form.add_error(None, duplicate)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Admitted {episode.client.display_name} (record # {episode.client.mrn}).",
            )
            return redirect("clients:chart", client_id=episode.client_id)
    return render(
        request,
        "admissions/admit.html",
        {"inquiry": item, "form": form, "assessment": item.assessments.first()},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_move(request, inquiry_id):
    """Waitlist, refer elsewhere, close or reopen."""
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    allowed = [s for s in pipeline.MANUAL_MOVES if pipeline.can_move(item, s)]
    form = MoveForm(
        request.POST or None, allowed=allowed, initial={"to_status": request.GET.get("to")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pipeline.move_inquiry(
                item,
                data["to_status"],
                note=data["note"],
                referred_to=data["referred_to"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{item.display_name}: {Inquiry.Status(data['to_status']).label.lower()}."
            )
            return redirect("admissions:inquiry", inquiry_id=item.pk)
    return _form_page(request, item, form, title="Change status", submit="Save")


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_follow_up(request, inquiry_id):
    """Put a follow-up about this inquiry on someone's task list."""
    item = access.inquiry_for(request, inquiry_id, MANAGE)
    form = FollowUpForm(
        request.POST or None,
        staff=staff_queryset(item.program, COORDINATORS),
        initial={
            "owner": item.coordinator_id or request.user.pk,
            "due_at": (timezone.localtime() + timezone.timedelta(days=1)).replace(
                hour=10, minute=0, second=0, microsecond=0
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pipeline.add_follow_up(
            item,
            owner=data["owner"],
            title=data["title"],
            due_at=data["due_at"],
            by=request.user,
            request=request,
        )
        messages.success(request, f"Follow-up added for {data['owner'].display_name}.")
        return redirect("admissions:inquiry", inquiry_id=item.pk)
    return _form_page(request, item, form, title="Add a follow-up", submit="Add follow-up")
