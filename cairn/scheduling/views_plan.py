"""Planning a week (issue 5, point 3): pick a week, build and solve it in the background, watch
it run, review the proposal with every unmet requirement and its reason, approve it."""

import json
from collections import defaultdict

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.models import User
from cairn.accounts.policy import Action, ProgramAction
from cairn.audit.log import record
from cairn.scheduling import planning
from cairn.scheduling.building import build_instance, ref_id
from cairn.scheduling.models import GroupType, Room, SchedulePlan
from cairn.scheduling.weeks import Week, from_local_iso, week_of

#: The proposal lists this many sessions a day; the rest are counted (and in the JSON).
PER_DAY = 80


def _plan(request, plan_id) -> SchedulePlan:
    program = access.program_for(request, ProgramAction.MANAGE_SCHEDULE)
    return get_object_or_404(
        SchedulePlan.objects.select_related("created_by"), program=program, pk=plan_id
    )


@staff_required
@require_http_methods(["GET", "POST"])
def plan_week(request):
    program = access.program_for(request, ProgramAction.MANAGE_SCHEDULE)
    week = week_of(program, request.POST.get("week") or request.GET.get("week"))
    if request.method == "POST":
        plan = planning.request_plan(program, week.start, by=request.user, request=request)
        return redirect("scheduling:plan_detail", plan_id=plan.pk)
    plans = SchedulePlan.objects.filter(program=program, week_start=week.start).select_related(
        "created_by", "approved_by"
    )[:20]
    return render(request, "scheduling/plan_week.html", {"week": week, "plans": plans})


def _names(plan: SchedulePlan, user) -> dict:
    refs = {c["id"] for c in plan.instance["clients"]}
    for doc in plan.solution.get("sessions", []):
        refs.update(doc["clients"])
    ids = [ref_id(ref) for ref in refs]
    clients = access.clients_for(user, Action.VIEW_DEMOGRAPHICS).filter(pk__in=ids)
    names = {
        f"c{c.pk}": c.display_name
        for c in clients.only("first_name", "last_name", "preferred_name")
    }
    staff_ids = [ref_id(s["id"]) for s in plan.instance["staff"]]
    names.update({f"s{u.pk}": u.display_name for u in User.objects.filter(pk__in=staff_ids)})
    names.update({f"r{r.pk}": r.name for r in Room.objects.filter(program=plan.program)})
    names.update({g.code: g.name for g in GroupType.objects.filter(program=plan.program)})
    return names


def _proposal(plan: SchedulePlan, names: dict) -> dict:
    tz = plan.program.tz
    week = Week(plan.week_start, tz)
    slots = {s["id"]: s for s in plan.instance["slots"]}
    pinned = {json.dumps(p, sort_keys=True) for p in plan.instance.get("pinned") or []}
    by_day = defaultdict(list)
    for doc in plan.solution.get("sessions", []):
        slot = slots[doc["slot"]]
        start, end = from_local_iso(slot["start"], tz), from_local_iso(slot["end"], tz)
        kept = json.dumps(doc, sort_keys=True) in pinned
        by_day[start.date()].append(
            {
                "start": start,
                "end": end,
                "kind": doc["kind"],
                "label": names.get(doc.get("group_type"), doc["kind"].capitalize())
                if doc["kind"] == "group"
                else f"{doc['kind'].capitalize()} session",
                "room": names.get(doc["room"], "Telehealth or elsewhere"),
                "staff": names.get(doc["staff"], doc["staff"]),
                "clients": [names.get(ref, "a client you cannot see") for ref in doc["clients"]],
                "pinned": kept,
            }
        )
    days = []
    for day in week.days:
        listed = sorted(by_day[day], key=lambda s: (s["start"], s["label"]))
        days.append(
            {"date": day, "sessions": listed[:PER_DAY], "more": max(0, len(listed) - PER_DAY)}
        )
    unmet = defaultdict(list)
    for entry in plan.report.get("unmet", []):
        unmet[entry["client"]].append(entry)
    clients = sorted(
        (
            {"name": names.get(ref, "A client you cannot see"), "ref": ref, "items": items}
            for ref, items in unmet.items()
        ),
        key=lambda row: row["name"],
    )
    skipped = [
        {"name": names.get(f"c{cid}", "A client"), "why": why}
        for cid, why in (plan.report.get("skipped") or {}).items()
    ]
    return {"days": days, "unmet_clients": clients, "skipped": skipped, "week": week}


@staff_required
@require_safe
def plan_detail(request, plan_id):
    plan = _plan(request, plan_id)
    context = {"plan": plan}
    if plan.solution:
        context.update(_proposal(plan, _names(plan, request.user)))
        context["session_count"] = len(plan.solution.get("sessions", []))
        context["client_count"] = len(plan.instance.get("clients", []))
    return render(request, "scheduling/plan_detail.html", context)


@staff_required
@require_safe
def plan_status(request, plan_id):
    """The progress panel, polled by htmx (passively) while the plan runs; when it is done the
    page reloads to show the proposal."""
    plan = _plan(request, plan_id)
    response = render(request, "scheduling/_plan_progress.html", {"plan": plan})
    if not plan.running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@staff_required
@require_POST
def plan_approve(request, plan_id):
    plan = _plan(request, plan_id)
    try:
        applied = planning.approve_plan(plan, by=request.user, request=request)
    except planning.PlanError as error:
        messages.error(request, str(error))
        return redirect("scheduling:plan_detail", plan_id=plan.pk)
    messages.success(
        request,
        f"Plan approved: {applied.created} sessions added, {applied.kept} kept, "
        f"{applied.cancelled} cancelled.",
    )
    return redirect(f"{redirect('scheduling:home').url}?week={plan.week_start.isoformat()}")


def _json_download(doc: dict, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(doc, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_safe
def plan_instance(request, plan_id):
    plan = _plan(request, plan_id)
    if not plan.instance:
        return HttpResponse("This plan has no instance yet.", status=404, content_type="text/plain")
    record("schedule.instance_download", request=request, obj=plan, program_id=plan.program_id)
    return _json_download(plan.instance, f"schedule-{plan.week_start}-plan-{plan.pk}.json")


@staff_required
@require_safe
def week_instance(request):
    """The instance of any week as the database has it now (contract cairn-schedule/1)."""
    program = access.program_for(request, ProgramAction.MANAGE_SCHEDULE)
    week = week_of(program, request.GET.get("week"))
    built = build_instance(program, week.start)
    record(
        "schedule.instance_download",
        request=request,
        program_id=program.pk,
        detail={"week": week.start.isoformat()},
    )
    return _json_download(built.doc, f"schedule-{week.start}.json")
