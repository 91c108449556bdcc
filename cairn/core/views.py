from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cairn.accounts.decorators import staff_required
from cairn.core.registry import registry

_migrations_applied = False


@staff_required
@require_safe
def home(request):
    """The staff home page: each app contributes panels (today's sessions, tasks, drafts…)."""
    panels = [panel.render(request) for panel in registry.home_panels]
    hour = timezone.localtime().hour
    greeting = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    return render(
        request, "core/home.html", {"panels": [p for p in panels if p], "greeting": greeting}
    )


def _pending_migrations() -> int:
    global _migrations_applied
    if _migrations_applied:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_applied = pending == 0
    return pending


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """Liveness for load balancers and monitors: database reachable? migrations applied?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending_migrations()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "error": type(error).__name__},
            status=503,
        )
    return JsonResponse(
        {
            "status": "ok" if not pending else "migrations pending",
            "database": "ok",
            "database_vendor": connection.vendor,
            "migrations": "applied" if not pending else f"{pending} pending",
        }
    )
