"""The relapse-prevention plan's pages: the chart tab, writing the draft with the client, and
the history of versions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients.chart import render_chart
from cairn.plans import diff, queries, rp_drafting
from cairn.plans.chart_sources import chart_contacts
from cairn.plans.documents import relapse_rows, relapse_sections
from cairn.plans.forms import RelapseForm, SupportFormSet
from cairn.plans.models import PlanLocked, PlanRefused
from cairn.plans.models.relapse import TEXT_SECTIONS
from cairn.plans.views_common import can_write, refuse

VIEW_AUDIT = "relapse_plan.view"


@staff_required
@require_safe
def relapse(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit=VIEW_AUDIT)
    plan = queries.relapse_plan(client)
    versions = queries.versions_of(plan) if plan else []
    shown, open_version = queries.pick(versions)
    context = {
        "plan": plan,
        "shown": shown,
        "open_version": open_version,
        "versions": versions,
        "can_write": can_write(request, client),
        "sections": {n: (h, e) for n, h, e in relapse_sections(shown)} if shown else {},
    }
    return render_chart(request, client, "plans/relapse.html", context)


@staff_required
@require_POST
def start(request, client_id):
    """Open the draft to write in (a new plan, or a new version of the signed one)."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    try:
        version = rp_drafting.open_relapse_draft(client, by=request.user, request=request)
    except PlanRefused as error:
        refuse(request, error)
        return redirect("plans:relapse", client_id=client.pk)
    return redirect("plans:relapse_edit", client_id=client.pk, rp_version_id=version.pk)


def _initial(version, contacts) -> tuple[dict, list[dict]]:
    initial = {name: getattr(version, name) for name in TEXT_SECTIONS}
    initial["revision"] = version.revision
    initial["coping_skills"] = list(version.coping_skills)
    contact_ids = {str(c.id) for c in contacts}
    initial["support_contacts"] = [
        str(p["contact_id"]) for p in version.supports if str(p.get("contact_id")) in contact_ids
    ]
    initial["optional_lines"] = [line.get("code") for line in version.crisis_lines]
    typed = [
        {k: p.get(k, "") for k in ("name", "relationship", "phone")}
        for p in version.supports
        if str(p.get("contact_id")) not in contact_ids
    ]
    return initial, typed


def _content(form, formset, contacts, program) -> dict:
    data = form.cleaned_data
    content = {name: data[name] for name in TEXT_SECTIONS}
    content["coping_skills"] = data["coping_skills"]
    by_id = {str(c.id): c for c in contacts}
    supports = [
        {"contact_id": c.id, "name": c.name, "relationship": c.relationship, "phone": c.phone}
        for key in data["support_contacts"]
        if (c := by_id.get(key))
    ]
    supports += [
        {
            "contact_id": None,
            "name": row["name"],
            "relationship": row.get("relationship", ""),
            "phone": row.get("phone", ""),
        }
        for row in formset.cleaned_data
        if row.get("name")
    ]
    content["supports"] = supports
    content["crisis_lines"] = rp_drafting.crisis_lines(program, set(data["optional_lines"]))
    return content


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request, client_id, rp_version_id):
    """The whole plan on one page, written with the client."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    version = queries.relapse_version_for(client, rp_version_id)
    if request.method == "GET" and not version.is_draft:
        messages.error(request, "This version is signed and can't be changed.")
        return redirect("plans:relapse", client_id=client.pk)
    contacts = chart_contacts(client)
    initial, typed = _initial(version, contacts)
    data = request.POST or None
    form = RelapseForm(data, initial=initial, contacts=contacts)
    formset = SupportFormSet(data, initial=typed, prefix="support")
    status = 200
    if request.method == "POST" and not version.is_draft:
        status = refuse(request, PlanLocked())
    elif request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                rp_drafting.save_relapse_draft(
                    version,
                    by=request.user,
                    revision=form.cleaned_data["revision"],
                    content=_content(form, formset, contacts, client.program),
                    request=request,
                )
            except PlanRefused as error:
                status = refuse(request, error, form)
            else:
                messages.success(request, "Relapse-prevention plan saved.")
                if "sign" in request.POST:
                    return redirect(
                        "plans:relapse_sign", client_id=client.pk, rp_version_id=version.pk
                    )
                return redirect("plans:relapse", client_id=client.pk)
        else:
            status = 400
            messages.error(request, "Some entries need fixing — see the marked fields.")
    context = {"version": version, "form": form, "formset": formset}
    return render_chart(request, client, "plans/relapse_edit.html", context, status=status)


@staff_required
@require_safe
def history(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART, audit=VIEW_AUDIT)
    plan = queries.relapse_plan(client)
    versions = queries.versions_of(plan) if plan else []
    by_number = {str(v.number): v for v in versions}
    newer = by_number.get(request.GET.get("b", "")) or (versions[0] if versions else None)
    older = by_number.get(request.GET.get("a", ""))
    if older is None and newer is not None:
        older = next((v for v in versions if v.number < newer.number), None)
    rows = []
    if newer is not None:
        rows = diff.diff_rows(relapse_rows(older) if older else [], relapse_rows(newer))
    context = {
        "plan": plan,
        "versions": versions,
        "older": older,
        "newer": newer,
        "rows": rows,
        "changes": diff.changed_count(rows),
        "kind": "relapse",
        "history_url": reverse("plans:relapse_history", kwargs={"client_id": client.pk}),
    }
    return render_chart(request, client, "plans/history.html", context)
