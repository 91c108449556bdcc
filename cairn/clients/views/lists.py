"""Program-wide client pages: the client list, the census, caseloads, and the user's tasks."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.admissions import queries as admissions_queries
from cairn.clients import census as census_queries
from cairn.clients.forms import CompleteTaskForm
from cairn.clients.models import Episode
from cairn.clients.task_items import task_items
from cairn.worklist.operations import complete_task


@staff_required
@require_safe
def census(request):
    """Active clients the user may see in the current program, searchable by name or number."""
    program = access.program_for(request, ProgramAction.VIEW_CENSUS)
    search = request.GET.get("q", "").strip()[:100]
    scoped = access.clients_for(request.user, Action.VIEW_DEMOGRAPHICS)
    clients = census_queries.search(
        census_queries.with_active_episode(scoped.filter(program=program, status="active")),
        search,
    ).order_by("last_name", "first_name")
    page = Paginator(clients, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/census.html",
        {"page": page, "search": search, "query": urlencode({"q": search}) if search else ""},
    )


@staff_required
@require_safe
def census_summary(request):
    """The census at a glance: active clients by track, clinician and level of care; this
    week's admissions and discharges; the waitlist."""
    program = access.program_for(request, ProgramAction.VIEW_CENSUS)
    episodes = access.scope(Episode.objects.all(), request.user, Action.VIEW_DEMOGRAPHICS)
    today = timezone.localdate()
    context = census_queries.summary(episodes, program, today)
    if access.may(request, ProgramAction.VIEW_ADMISSIONS):
        inquiries = access.inquiries_for(request.user, ProgramAction.VIEW_ADMISSIONS)
        context["waitlist"] = admissions_queries.waitlist(inquiries, program)
        context["show_waitlist"] = True
    context["today"] = today
    return render(request, "clients/census_summary.html", context)


@staff_required
@require_safe
def caseloads(request):
    """Each clinician's caseload (as primary clinician); pick one to list their clients."""
    program = access.program_for(request, ProgramAction.VIEW_CENSUS)
    episodes = access.scope(Episode.objects.all(), request.user, Action.VIEW_DEMOGRAPHICS)
    rows = census_queries.caseloads(episodes, program)
    try:
        chosen_id = int(request.GET.get("clinician") or request.user.pk)
    except ValueError:
        chosen_id = request.user.pk
    chosen = next((row["user"] for row in rows if row["user"].pk == chosen_id), None)
    clients = census_queries.caseload(episodes, program, chosen.pk) if chosen else []
    return render(
        request,
        "clients/caseloads.html",
        {"rows": rows, "chosen": chosen, "episodes": clients, "today": timezone.localdate()},
    )


@staff_required
@require_safe
def my_tasks(request):
    """All of the user's open tasks, soonest due first; overdue ones stand out."""
    tasks = (
        access.tasks_for(request.user)
        .filter(status="open")
        .select_related("client", "program")
        .order_by("due_at", "pk")
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    items = task_items(page.object_list, request, timezone.now())
    return render(request, "clients/my_tasks.html", {"page": page, "items": items})


@staff_required
@require_POST
def task_complete(request, task_id):
    """Mark one of the user's tasks done, with an optional note."""
    task = access.task_for(request, task_id)
    form = CompleteTaskForm(request.POST)
    if form.is_valid():
        complete_task(task, by=request.user, resolution=form.cleaned_data["note"], request=request)
        messages.success(request, f"Done: {task.title}.")
    else:
        messages.error(request, "The note is too long (2,000 characters at most).")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back or "/")
