from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action, ProgramAction
from cairn.clients import census as census_queries
from cairn.clients.chart import render_chart


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
        {"page": page, "search": search, "query": f"q={search}" if search else ""},
    )


@staff_required
@require_safe
def chart(request, client_id):
    """The chart's overview tab."""
    client = access.client_for(request, client_id, Action.VIEW_DEMOGRAPHICS)
    return render_chart(request, client, "clients/chart_overview.html")
