"""Staff pages: the chart's Homework tab (list and assign), one assignment (answers, review
comment, withdraw). Clinicians assign and review with ``Action.WRITE_CLINICAL``; anyone who
reads the chart sees the homework."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.homework import operations, queries
from cairn.homework.forms import AssignForm, ReviewForm, WithdrawForm
from cairn.homework.models import Assignment
from cairn.homework.worksheets import WORKSHEETS


def _chart_page(request, client, form, status=200):
    assignments = list(queries.for_client(client))
    return render_chart(
        request,
        client,
        "homework/chart.html",
        {
            "assignments": assignments,
            "waiting": sum(1 for a in assignments if a.status == Assignment.Status.SUBMITTED),
            "form": form,
            "can_assign": Action.WRITE_CLINICAL in client.allowed_actions,
            "worksheets": WORKSHEETS.values(),
            "current_tab": "homework:chart",
        },
        status=status,
    )


@staff_required
@require_safe
def chart(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART)
    return _chart_page(request, client, AssignForm())


@staff_required
@require_POST
def assign(request, client_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            operations.assign_homework(
                client,
                form.cleaned_data["worksheet"],
                by=request.user,
                due_on=form.cleaned_data["due_on"],
                instructions=form.cleaned_data["instructions"],
                request=request,
            )
        except operations.HomeworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Homework assigned. The client sees it in the portal.")
            return redirect("homework:chart", client_id=client.pk)
    return _chart_page(request, client, form, status=400)


def _detail_page(request, assignment, *, review=None, withdraw=None, status=200):
    client = assignment.door_client
    can_write = Action.WRITE_CLINICAL in client.allowed_actions
    return render_chart(
        request,
        client,
        "homework/detail.html",
        {
            "assignment": assignment,
            "items": assignment.answer_items(),
            "notes": list(queries.citing_notes(assignment)),
            "review_form": review or ReviewForm(),
            "withdraw_form": withdraw or WithdrawForm(),
            "can_review": can_write and assignment.status == Assignment.Status.SUBMITTED,
            "can_withdraw": can_write and assignment.status == Assignment.Status.ASSIGNED,
            "current_tab": "homework:chart",
        },
        status=status,
    )


@staff_required
@require_safe
def detail(request, assignment_id):
    assignment = access.owned_for(request, Assignment, assignment_id, Action.VIEW_CHART)
    return _detail_page(request, assignment)


@staff_required
@require_POST
def review(request, assignment_id):
    return _act(
        request,
        assignment_id,
        ReviewForm,
        "review",
        lambda assignment, form: operations.review_homework(
            assignment, form.cleaned_data["comment"], **_who(request)
        ),
        "Review saved. The client sees your comment in the portal.",
        lambda assignment: redirect("homework:detail", assignment_id=assignment.pk),
    )


@staff_required
@require_POST
def withdraw(request, assignment_id):
    return _act(
        request,
        assignment_id,
        WithdrawForm,
        "withdraw",
        lambda assignment, form: operations.withdraw_homework(
            assignment, form.cleaned_data["reason"], **_who(request)
        ),
        "Homework withdrawn. It stays on the chart.",
        lambda assignment: redirect("homework:chart", client_id=assignment.client_id),
    )


def _act(request, assignment_id, form_class, form_name, operation, success, done):
    """A clinician's POST on one assignment: parse the form, call the operation, and either
    redirect with a message or show the assignment again with the form's errors."""
    assignment = access.owned_for(request, Assignment, assignment_id, Action.WRITE_CLINICAL)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            operation(assignment, form)
        except operations.HomeworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return done(assignment)
    return _detail_page(request, assignment, status=400, **{form_name: form})


def _who(request) -> dict:
    return {"by": request.user, "version": _version(request), "request": request}


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None
