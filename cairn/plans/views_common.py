"""Helpers shared by the plan views."""

from django.contrib import messages

from cairn.accounts import access
from cairn.accounts.policy import Action
from cairn.plans import links, queries
from cairn.plans.documents import load_problems
from cairn.plans.models import EditConflict, PlanLocked, PlanRefused


def refuse(request, error: PlanRefused, form=None) -> int:
    """Show a refused operation's message on its field, else as a page message; the status
    code to answer with (409 for a signed version or an edit conflict)."""
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)
    return 409 if isinstance(error, PlanLocked | EditConflict) else 400


def can_write(request, client) -> bool:
    return access.can(request.user, client, Action.WRITE_CLINICAL)


def treatment_document(client, version) -> dict:
    """What a page needs to show one treatment-plan version: its problems tree, review ratings
    and, per objective, how many notes and assessments relate to it."""
    problems = load_problems(version)
    keys = [o.key for p in problems for g in p.goals.all() for o in g.objectives.all()]
    lineage = queries.objective_lineage(version.plan_id, keys)
    related = links.related_records(client, lineage)
    return {
        "problems": problems,
        "ratings": queries.ratings_by_objective(version),
        "related_counts": {key: len(items) for key, items in related.items()},
        "reviewed": version.review_of,
    }
