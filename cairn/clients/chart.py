"""The client chart's shared frame: header facts, alerts and tabs. Every app's chart tab
renders through ``render_chart`` so the header and the tabs look the same everywhere."""

from django.shortcuts import render
from django.urls import reverse

from cairn.clients.models import Client, Episode
from cairn.core.registry import registry

_SEVERITY_RANK = {"urgent": 0, "warning": 1, "info": 2}


def active_episode(client: Client) -> Episode | None:
    cached = getattr(client, "_active_episode", "unset")
    if cached == "unset":
        cached = (
            client.episodes.filter(status=Episode.Status.ACTIVE)
            .select_related("track", "primary_clinician")
            .first()
        )
        client._active_episode = cached
    return cached


def header_context(request, client: Client) -> dict:
    allowed = getattr(client, "allowed_actions", frozenset())
    tabs = [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"client_id": client.pk}),
            "url_name": tab.url_name,
        }
        for tab in registry.chart_tabs
        if tab.action in allowed
    ]
    current = request.resolver_match.view_name if request.resolver_match else ""
    episode = active_episode(client)
    return {
        "client": client,
        "episode": episode,
        "header_facts": header_facts(request, client, episode, allowed),
        "alerts": sorted(
            client.alerts.filter(resolved_at__isnull=True).order_by("-raised_at")[:10],
            key=lambda alert: _SEVERITY_RANK.get(alert.severity, 9),
        ),
        "chart_tabs": tabs,
        "current_tab": current,
        "age": client.age(),
    }


def header_facts(request, client: Client, episode, allowed) -> list[tuple[str, str]]:
    """What other apps add to the header (``core.registry.add_header_fact``), for this viewer."""
    found = []
    for fact in registry.header_facts:
        if fact.action and fact.action not in allowed:
            continue
        shown = fact.render(request, client, episode)
        if shown:
            found.append(shown)
    return found


def render_chart(request, client: Client, template: str, context: dict | None = None, **kwargs):
    return render(
        request, template, {**header_context(request, client), **(context or {})}, **kwargs
    )
