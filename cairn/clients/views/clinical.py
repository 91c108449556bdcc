"""Chart tabs for the clinical side: diagnoses, episodes (level-of-care and track changes,
discharge) and the discharge packet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.accounts.roles import CARE_ROLES, Role
from cairn.clients import diagnoses as diagnosis_ops
from cairn.clients import icd
from cairn.clients.census import staff_queryset
from cairn.clients.chart import render_chart
from cairn.clients.discharge import CHECK_IN_DAYS, discharge_episode, packet_sections
from cairn.clients.episodes import change_level_or_track
from cairn.clients.forms import (
    AftercareFormSet,
    DiagnosisForm,
    DiagnosisUpdateForm,
    DischargeForm,
    EpisodeChangeForm,
)
from cairn.clients.models import Diagnosis, Episode
from cairn.clients.views.registration import _form_page, _nested


@staff_required
@require_safe
def diagnoses(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_CHART)
    rows = list(client.diagnoses.select_related("recorded_by"))
    return render_chart(
        request,
        client,
        "clients/diagnoses.html",
        {
            "current": [d for d in rows if d.is_current],
            "past": [d for d in rows if not d.is_current],
            "may_edit": Action.WRITE_CLINICAL in client.allowed_actions,
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def diagnosis_new(request, client_id):
    """Search ICD-10-CM by code or words (the results swap in with htmx as you type, or by the
    search button without JavaScript), choose a code, record it."""
    client = access.client_for(request, client_id, Action.WRITE_CLINICAL)
    query = request.GET.get("q", "").strip()[:80]
    results = icd.search(query) if query else []
    chosen = icd.lookup(request.GET.get("code", "")) if request.method == "GET" else None
    initial = {"code": chosen.code, "category": chosen.category} if chosen else {}
    form = DiagnosisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            diagnosis = diagnosis_ops.add_diagnosis(
                client, **form.cleaned_data, by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Recorded {diagnosis.code} {diagnosis.description}.")
            return redirect("clients:diagnoses", client_id=client.pk)
    return render_chart(
        request,
        client,
        "clients/diagnosis_new.html",
        {"form": form, "results": results, "query": query, "chosen": chosen},
    )


@staff_required
@require_safe
def icd_search(request):
    """ICD-10-CM search results (no client data): the diagnosis form swaps them in as the
    user types. Links are relative, so they land on the page that asked."""
    query = request.GET.get("q", "").strip()[:80]
    return render(
        request, "clients/_icd_results.html", {"results": icd.search(query), "query": query}
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def diagnosis_edit(request, client_id, diagnosis_id):
    diagnosis = _nested(request, Diagnosis, diagnosis_id, client_id, Action.WRITE_CLINICAL)
    client = diagnosis.door_client
    form = DiagnosisUpdateForm(
        request.POST or None, instance=diagnosis, initial={"version": diagnosis.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            diagnosis_ops.update_diagnosis(
                diagnosis,
                form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Updated {diagnosis.code}.")
            return redirect("clients:diagnoses", client_id=client.pk)
    return _form_page(
        request,
        client,
        form,
        title=f"{diagnosis.code} {diagnosis.description}",
        submit="Save diagnosis",
        cancel=reverse("clients:diagnoses", kwargs={"client_id": client.pk}),
        intro="The code itself can't change: mark a wrong entry “entered in error” and record "
        "the right code.",
    )


@staff_required
@require_safe
def episodes(request, client_id):
    """Every episode of care with its changes, discharge and aftercare."""
    client = access.client_for(request, client_id, Action.VIEW_CHART)
    rows = list(
        client.episodes.select_related(
            "track", "primary_clinician", "admitted_by", "discharged_by"
        ).prefetch_related(
            "aftercare", "changes__from_track", "changes__to_track", "changes__decided_by"
        )
    )
    return render_chart(
        request,
        client,
        "clients/episodes.html",
        {
            "episodes": rows,
            "may_manage": Action.MANAGE_EPISODE in client.allowed_actions,
            "check_in_days": CHECK_IN_DAYS,
        },
    )


def _active_episode(request, client_id, episode_id, action):
    episode = _nested(request, Episode, episode_id, client_id, action)
    return episode, episode.door_client


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def episode_change(request, client_id, episode_id):
    """Record a level-of-care or track change (step up, step down, move track)."""
    episode, client = _active_episode(request, client_id, episode_id, Action.MANAGE_EPISODE)
    form = EpisodeChangeForm(
        request.POST or None,
        tracks=episode.program.tracks.filter(active=True),
        staff=staff_queryset(episode.program, CARE_ROLES | {Role.DIRECTOR}),
        initial={
            "version": episode.version,
            "level_of_care": episode.level_of_care,
            "track": episode.track_id,
            "effective_on": timezone.localdate(),
            "decided_by": request.user.pk,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_level_or_track(
                episode,
                level_of_care=data["level_of_care"],
                track=data["track"],
                effective_on=data["effective_on"],
                reason=data["reason"],
                decided_by=data["decided_by"],
                expected_version=data["version"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Recorded the change for {client.display_name}.")
            return redirect("clients:episodes", client_id=client.pk)
    return _form_page(
        request,
        client,
        form,
        title="Change level of care or track",
        submit="Record the change",
        cancel=reverse("clients:episodes", kwargs={"client_id": client.pk}),
        intro="Step up (e.g. to PHP), step down (e.g. to outpatient) or move to another track. "
        "The weekly-hours minimum is set again from the program's rule for the new level.",
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def episode_discharge(request, client_id, episode_id):
    """Discharge with type, summary and an aftercare plan; check-ins at 30, 60 and 90 days."""
    episode, client = _active_episode(request, client_id, episode_id, Action.MANAGE_EPISODE)
    form = DischargeForm(
        request.POST or None,
        initial={"version": episode.version, "discharged_on": timezone.localdate()},
    )
    aftercare = AftercareFormSet(request.POST or None, prefix="aftercare")
    if request.method == "POST" and form.is_valid() and aftercare.is_valid():
        items = [
            {k: f.cleaned_data.get(k) for k in ("kind", "description", "details", "starts_on")}
            for f in aftercare.forms
            if f.cleaned_data and not f.is_blank
        ]
        data = form.cleaned_data
        try:
            discharge_episode(
                episode,
                discharged_on=data["discharged_on"],
                discharge_type=data["discharge_type"],
                summary=data["summary"],
                aftercare=items,
                expected_version=data["version"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Discharged {client.display_name}. Check-ins at 30, 60 and 90 days are on "
                "the primary clinician's task list.",
            )
            return redirect("clients:episodes", client_id=client.pk)
    return render_chart(
        request,
        client,
        "clients/discharge.html",
        {"form": form, "aftercare": aftercare, "episode": episode, "check_in_days": CHECK_IN_DAYS},
    )


@staff_required
@require_safe
def discharge_packet(request, client_id, episode_id):
    """The printable discharge packet: summary, aftercare, diagnoses, and what other apps add
    (the relapse-prevention plan, from the plans app)."""
    episode = _nested(request, Episode, episode_id, client_id, Action.VIEW_CHART)
    client = episode.door_client
    return render_chart(
        request,
        client,
        "clients/discharge_packet.html",
        {
            "packet_episode": episode,
            "aftercare": list(episode.aftercare.all()),
            "diagnoses": list(client.diagnoses.filter(status__in=["active", "in_remission"])),
            "sections": packet_sections(request, episode),
            "today": timezone.localdate(),
        },
    )
