"""The treatment plan's pages: the chart tab, a version (edited in place while a draft), its
items, the review, the history of versions and one objective's page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import active_episode, render_chart
from cairn.plans import diff, drafting, links, queries, reviewing
from cairn.plans.chart_sources import chart_diagnoses
from cairn.plans.documents import treatment_rows
from cairn.plans.forms import ITEM_FORMS, DetailsForm, LibraryForm, ReviewForm, RevisionForm
from cairn.plans.models import PlanRefused, VersionStatus
from cairn.plans.views_common import can_write, refuse, treatment_document

VIEW_AUDIT = "treatment_plan.view"


def _version_url(version, anchor: str = "") -> str:
    url = reverse(
        "plans:treatment_version",
        kwargs={"client_id": version.plan.client_id, "version_id": version.pk},
    )
    return f"{url}#{anchor}" if anchor else url


@staff_required
@require_safe
def treatment(request, client_id):
    """The chart tab: the plan in force (or the one being written), its review clock, and the
    version in progress."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit=VIEW_AUDIT)
    plans = queries.treatment_plans(client)
    episode = active_episode(client)
    if episode is not None:  # the current episode's plan, or none yet (readmission)
        plan = next((p for p in plans if p.episode_id == episode.pk), None)
    else:
        plan = plans[0] if plans else None
    versions = queries.versions_of(plan) if plan else []
    shown, open_version = queries.pick(versions)
    context = {
        "plan": plan,
        "shown": shown,
        "open_version": open_version,
        "versions": versions,
        "earlier_plans": [p for p in plans if p != plan],
        "episode": episode,
        "can_write": can_write(request, client),
        "open_episode": bool(plan and plan.episode.status == "active"),
        "review": queries.review_for(plan) if plan and plan.episode.status == "active" else None,
    }
    if shown:
        context.update(treatment_document(client, shown))
    return render_chart(request, client, "plans/treatment.html", context)


@staff_required
@require_POST
def start(request, client_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    episode = active_episode(client)
    if episode is None:
        messages.error(request, "The client has no active episode of care to plan for.")
        return redirect("plans:treatment", client_id=client.pk)
    try:
        version = drafting.start_treatment_plan(episode, by=request.user, request=request)
    except PlanRefused as error:
        refuse(request, error)
        return redirect("plans:treatment", client_id=client.pk)
    messages.success(request, "Treatment plan started. Add problems, goals and objectives.")
    return redirect(_version_url(version))


@staff_required
@require_POST
def revise(request, client_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    plan = queries.current_plan(client)
    if plan is None:
        raise Http404("Not found")
    try:
        version = drafting.new_version(plan, by=request.user, request=request)
    except PlanRefused as error:
        refuse(request, error)
        return redirect("plans:treatment", client_id=client.pk)
    messages.success(request, f"Version {version.number} started from the signed plan.")
    return redirect(_version_url(version))


@staff_required
@require_safe
def version(request, client_id, version_id):
    """One version. A draft shows its editing controls to those who may write."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit=VIEW_AUDIT)
    version = queries.treatment_version_for(client, version_id)
    editing = version.is_draft and can_write(request, client)
    context = {
        "version": version,
        "plan": version.plan,
        "editing": editing,
        "can_write": can_write(request, client),
        "library_form": LibraryForm(initial={"revision": version.revision}) if editing else None,
        **treatment_document(client, version),
    }
    return render_chart(request, client, "plans/treatment_version.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def details(request, client_id, version_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = queries.treatment_version_for(client, version_id)
    if request.method == "GET" and not version.is_draft:
        messages.error(request, "This version is signed and can't be changed.")
        return redirect(_version_url(version))
    form = DetailsForm(
        request.POST or None, instance=version, initial={"revision": version.revision}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drafting.update_details(
                version,
                by=request.user,
                revision=data["revision"],
                plan_date=data["plan_date"],
                strengths=data["strengths"],
                discharge_criteria=data["discharge_criteria"],
                request=request,
            )
        except PlanRefused as error:
            status = refuse(request, error, form)
        else:
            messages.success(request, "Plan details saved.")
            return redirect(_version_url(version))
    elif request.method == "POST":
        status = 400
    context = {"version": version, "form": form, "title": "Plan date and overview"}
    return render_chart(request, client, "plans/item_form.html", context, status=status)


def _item_form(kind, data, instance, version, client):
    form_class = ITEM_FORMS[kind]
    initial = {"revision": version.revision}
    if kind == "problem":
        return form_class(
            data,
            instance=instance,
            initial=initial,
            diagnoses=chart_diagnoses(client),
            edition=client.program.asam_edition,
        )
    if kind == "intervention":
        return form_class(
            data, instance=instance, initial=initial, version=version, program=client.program
        )
    return form_class(data, instance=instance, initial=initial, version=version)


_TITLES = {
    "problem": "problem",
    "goal": "goal",
    "objective": "objective",
    "intervention": "intervention",
}
_PARENT = {"goal": "problem", "objective": "goal", "intervention": "goal"}


@staff_required
@require_http_methods(["GET", "POST"])
def item(request, client_id, version_id, kind, item_id=None):
    """Add or change a problem, goal, objective or intervention of a draft."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = queries.treatment_version_for(client, version_id)
    if request.method == "GET" and not version.is_draft:
        messages.error(request, "This version is signed and can't be changed.")
        return redirect(_version_url(version))
    instance = (
        queries.item_in(version, kind, item_id)
        if item_id
        else drafting.KINDS[kind](version=version)
    )
    parent = _PARENT.get(kind)
    if parent and item_id is None and request.GET.get(parent, "").isdigit():
        setattr(instance, f"{parent}_id", int(request.GET[parent]))
    form = _item_form(kind, request.POST or None, instance, version, client)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = drafting.save_item(
                version,
                form.instance,
                by=request.user,
                revision=form.cleaned_data["revision"],
                request=request,
            )
        except PlanRefused as error:
            status = refuse(request, error, form)
        else:
            messages.success(request, f"{kind.capitalize()} saved.")
            return redirect(_version_url(version, f"{kind}-{saved.pk}"))
    elif request.method == "POST":
        status = 400
    verb = "Change the" if item_id else "Add a"
    context = {
        "version": version,
        "form": form,
        "title": f"{verb} {_TITLES[kind]}",
        "kind": kind,
        "item": instance if item_id else None,
    }
    return render_chart(request, client, "plans/item_form.html", context, status=status)


@staff_required
@require_POST
def remove(request, client_id, version_id, kind, item_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = queries.treatment_version_for(client, version_id)
    target = queries.item_in(version, kind, item_id)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Open the draft again and retry: the form was incomplete.")
        return redirect(_version_url(version))
    try:
        drafting.remove_item(
            version,
            target,
            by=request.user,
            revision=form.cleaned_data["revision"],
            request=request,
        )
    except PlanRefused as error:
        refuse(request, error)
    else:
        messages.success(request, f"{kind.capitalize()} removed from the draft.")
    return redirect(_version_url(version))


@staff_required
@require_POST
def add_library(request, client_id, version_id):
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = queries.treatment_version_for(client, version_id)
    form = LibraryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a problem from the library to add it.")
        return redirect(_version_url(version))
    try:
        problem = drafting.add_from_library(
            version,
            form.cleaned_data["code"],
            by=request.user,
            revision=form.cleaned_data["revision"],
            diagnoses=chart_diagnoses(client),
            request=request,
        )
    except PlanRefused as error:
        refuse(request, error)
        return redirect(_version_url(version))
    linked = ", ".join(d["code"] for d in problem.diagnoses)
    messages.success(
        request,
        f"“{problem.title}” added with a goal, objectives and interventions"
        + (f", linked to the chart's {linked}" if linked else "")
        + ". Edit them.",
    )
    return redirect(_version_url(version, f"problem-{problem.pk}"))


@staff_required
@require_http_methods(["GET", "POST"])
def review(request, client_id):
    """Rate progress per objective of the active version; creates the next version."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    plan = queries.current_plan(client)
    versions = queries.versions_of(plan) if plan else []
    active = next((v for v in versions if v.status == VersionStatus.ACTIVE), None)
    if active is None or any(v.is_draft or v.status == "awaiting_client" for v in versions):
        messages.error(
            request,
            "A review starts from the active plan, when no other version is in progress.",
        )
        return redirect("plans:treatment", client_id=client.pk)
    objectives = reviewing.objectives_to_rate(active)
    form = ReviewForm(request.POST or None, objectives=objectives)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = reviewing.record_review(
                plan,
                by=request.user,
                ratings=form.ratings(),
                summary=form.cleaned_data["summary"],
                request=request,
            )
        except PlanRefused as error:
            status = refuse(request, error, form)
        else:
            messages.success(
                request,
                f"Review recorded as version {version.number}. Revise the objectives you "
                "marked revised or whose target date has passed, then sign.",
            )
            return redirect(_version_url(version))
    elif request.method == "POST":
        status = 400
    context = {
        "plan": plan,
        "active": active,
        "form": form,
        "review": queries.review_for(plan),
    }
    return render_chart(request, client, "plans/treatment_review.html", context, status=status)


def _compare(versions, a, b):
    by_number = {str(v.number): v for v in versions}
    newer = by_number.get(b) or (versions[0] if versions else None)
    older = by_number.get(a)
    if older is None and newer is not None:
        older = next((v for v in versions if v.number < newer.number), None)
    return older, newer


@staff_required
@require_safe
def history(request, client_id):
    """Every version of a plan, and two of them compared with the differences highlighted."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit=VIEW_AUDIT)
    plan = queries.plan_for_history(client, request.GET.get("plan"))
    versions = queries.versions_of(plan) if plan else []
    older, newer = _compare(versions, request.GET.get("a"), request.GET.get("b"))
    rows = []
    if newer is not None:
        rows = diff.diff_rows(treatment_rows(older) if older else [], treatment_rows(newer))
    context = {
        "plan": plan,
        "versions": versions,
        "older": older,
        "newer": newer,
        "rows": rows,
        "changes": diff.changed_count(rows),
        "kind": "treatment",
        "history_url": reverse("plans:treatment_history", kwargs={"client_id": client.pk}),
    }
    return render_chart(request, client, "plans/history.html", context)


@staff_required
@require_safe
def objective(request, client_id, objective_id):
    """One objective across versions: its wording over time, review ratings, and the notes and
    assessments that relate to it."""
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit=VIEW_AUDIT)
    target = queries.objective_for(client, objective_id)
    lineage = sorted(
        queries.objective_lineage(target.version.plan_id, [target.key]),
        key=lambda o: o.version.number,
    )
    ratings = queries.ratings_for_objectives(lineage)
    context = {
        "objective": target,
        "lineage": lineage,
        "ratings": ratings,
        "related": links.related_records(client, lineage).get(target.key, []),
    }
    return render_chart(request, client, "plans/treatment_objective.html", context)
