"""Portal pages (phone first): the client's homework and questionnaires.

Every page starts at the door: ``portal_client`` (the signed-in client's own record) or
``access.owned_for(..., Action.PORTAL)`` for one assignment or administration — another
client's id answers 404 and stores nothing. Texts are translatable (Spanish ships in
``locale/es``); the questionnaires' own wording stays as published (see README).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import portal_required
from cairn.accounts.policy import Action
from cairn.assessments.administration import (
    AdministrationConflict,
    AdministrationError,
    save_answers,
    start_administration,
    submit_administration,
)
from cairn.assessments.instruments import get_instrument
from cairn.assessments.models import Administration, Method
from cairn.assessments.scoring import AnswerError
from cairn.homework import operations, queries, questionnaires
from cairn.homework.forms import worksheet_form
from cairn.homework.models import Assignment
from cairn.portal.door import portal_client
from cairn.portal.layout import render_portal


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Homework


@portal_required
@require_safe
def homework_list(request):
    client = portal_client(request)
    rows = list(queries.for_client(client).exclude(status=Assignment.Status.WITHDRAWN))
    return render_portal(
        request,
        "homework/portal/homework_list.html",
        {
            "todo": [a for a in rows if a.is_open],
            "done": [a for a in rows if a.is_done],
        },
    )


@portal_required
@require_http_methods(["GET", "POST"])
def homework(request, assignment_id):
    assignment = access.owned_for(request, Assignment, assignment_id, Action.PORTAL)
    if assignment.status == Assignment.Status.WITHDRAWN:
        raise Http404("Not found")
    if not assignment.is_open:
        return render_portal(
            request,
            "homework/portal/homework_done.html",
            {"assignment": assignment, "items": assignment.answer_items()},
        )
    sending = request.POST.get("action") == "submit"
    form = worksheet_form(
        assignment.definition,
        request.POST if request.method == "POST" else None,
        answers=assignment.answers,
        complete=sending or request.method == "GET",
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            operation = operations.submit_homework if sending else operations.save_homework
            try:
                operation(
                    assignment,
                    form.answers(),
                    by=request.user,
                    version=_version(request),
                    request=request,
                )
            except operations.HomeworkError as error:
                form.add_problem(error)
                assignment.refresh_from_db()
            else:
                if sending:
                    messages.success(request, _("Sent to your care team. Well done!"))
                    return redirect("homework:portal_list")
                messages.success(request, _("Saved. You can come back and finish it later."))
                return redirect("homework:portal_homework", assignment_id=assignment.pk)
        status = 400
    return render_portal(
        request,
        "homework/portal/homework_form.html",
        {"assignment": assignment, "form": form},
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Questionnaires, one question per screen


@portal_required
@require_safe
def questionnaire_list(request):
    client = portal_client(request)
    return render_portal(
        request,
        "homework/portal/questionnaire_list.html",
        {"questionnaires": questionnaires.for_portal(client)},
    )


@portal_required
@require_POST
def questionnaire_start(request):
    client = portal_client(request)
    code = request.POST.get("instrument", "")
    if not questionnaires.may_start(client, code):
        messages.error(request, _("That questionnaire isn't on your list right now."))
        return redirect("homework:portal_questionnaires")
    draft = start_administration(
        client, code, by=request.user, method=Method.PORTAL, request=request
    )
    instrument = get_instrument(code)
    asked = questionnaires.asked_items(instrument, draft.answers)
    first = next((n for n, i in enumerate(asked, 1) if i.link_id not in draft.answers), None)
    if first is None:
        return redirect("homework:portal_review", administration_id=draft.pk)
    return redirect("homework:portal_question", administration_id=draft.pk, question_number=first)


def _draft(request, administration_id) -> Administration:
    administration = access.owned_for(request, Administration, administration_id, Action.PORTAL)
    if administration.status not in (Administration.Status.DRAFT, Administration.Status.SUBMITTED):
        raise Http404("Not found")
    return administration


@portal_required
@require_http_methods(["GET", "POST"])
def question(request, administration_id, question_number):
    administration = _draft(request, administration_id)
    if administration.status != Administration.Status.DRAFT:
        return redirect("homework:portal_done", administration_id=administration.pk)
    instrument = get_instrument(administration.instrument)
    asked = questionnaires.asked_items(instrument, administration.answers)
    if not 1 <= question_number <= len(asked):
        raise Http404("Not found")
    item = asked[question_number - 1]
    current = administration.answers.get(item.link_id)
    form = questionnaires.QuestionForm(
        item, request.POST if request.method == "POST" else None, answer=current
    )
    status = 200
    if request.method == "POST":
        going_back = request.POST.get("action") == "back"
        if going_back and not request.POST.get("answer"):
            return _step(administration, question_number - 1)
        if form.is_valid():
            try:
                administration = save_answers(
                    administration,
                    {item.link_id: form.cleaned_data["answer"]},
                    by=request.user,
                    version=_version(request),
                    request=request,
                )
            except AdministrationConflict:
                administration.refresh_from_db()
                form.add_error(None, _("Your answers were saved somewhere else. Check this one."))
            except AnswerError:
                form.add_error("answer", _("Choose one of the answers shown."))
            except AdministrationError:  # sent (or closed) meanwhile, e.g. on another device
                return redirect("homework:portal_done", administration_id=administration.pk)
            else:
                return _step(administration, question_number + (-1 if going_back else 1))
        status = 400
    return render_portal(
        request,
        "homework/portal/question.html",
        {
            "administration": administration,
            "instrument": instrument,
            "item": item,
            "group": next((g for g in instrument.groups if g.link_id == item.group), None),
            "form": form,
            # "The last year (items 4-10 say so; …)": the client reads the period, not the note
            "recall": instrument.recall_period.split(" (")[0],
            "number": question_number,
            "total": len(asked),
        },
        status=status,
    )


def _step(administration: Administration, number: int):
    """Where a step leads: the question ``number``, or the review page after the last."""
    instrument = get_instrument(administration.instrument)
    asked = questionnaires.asked_items(instrument, administration.answers)
    if number < 1:
        return redirect("homework:portal_questionnaires")
    if number > len(asked):
        return redirect("homework:portal_review", administration_id=administration.pk)
    return redirect(
        "homework:portal_question", administration_id=administration.pk, question_number=number
    )


@portal_required
@require_http_methods(["GET", "POST"])
def review(request, administration_id):
    administration = _draft(request, administration_id)
    if administration.status != Administration.Status.DRAFT:
        return redirect("homework:portal_done", administration_id=administration.pk)
    instrument = get_instrument(administration.instrument)
    asked = questionnaires.asked_items(instrument, administration.answers)
    rows = [
        {
            "number": n,
            "item": item,
            "answer": questionnaires.display_answer(item, administration.answers.get(item.link_id)),
        }
        for n, item in enumerate(asked, 1)
    ]
    missing = [row for row in rows if not row["answer"]]
    problem = ""
    if request.method == "POST":
        if missing:
            problem = _("Some questions have no answer yet. Answer them, then send.")
        else:
            try:
                submit_administration(
                    administration,
                    questionnaires.cleared_unasked(instrument, administration.answers),
                    by=request.user,
                    version=_version(request),
                    request=request,
                )
            except (AnswerError, AdministrationError, ValueError):
                administration.refresh_from_db()
                problem = _("We couldn't send your answers. Check them and try again.")
            else:
                return redirect("homework:portal_done", administration_id=administration.pk)
    return render_portal(
        request,
        "homework/portal/review.html",
        {
            "administration": administration,
            "instrument": instrument,
            "rows": rows,
            "missing": missing,
            "problem": problem,
        },
        status=400 if problem else 200,
    )


@portal_required
@require_safe
def done(request, administration_id):
    administration = _draft(request, administration_id)
    if administration.status == Administration.Status.DRAFT:
        return redirect(reverse("homework:portal_review", args=[administration.pk]))
    return render_portal(
        request,
        "homework/portal/questionnaire_done.html",
        {
            "administration": administration,
            "instrument": get_instrument(administration.instrument),
            "program": administration.door_client.program,
        },
    )
