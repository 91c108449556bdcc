"""Chart tabs for the registry side: overview and demographics, contacts, coverage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import Action
from cairn.clients import registration
from cairn.clients.chart import render_chart
from cairn.clients.forms import ContactForm, CoverageForm, DemographicsForm, EndCoverageForm
from cairn.clients.models import Contact, Coverage


def _nested(request, model, pk, client_id, action):
    """A row of ``model`` through the door, which must belong to the client in the URL."""
    obj = access.owned_for(request, model, pk, action)
    if obj.client_id != int(client_id):
        raise Http404("Not found")
    return obj


def _form_page(request, client, form, *, title, submit, cancel, intro=""):
    return render_chart(
        request,
        client,
        "clients/chart_form.html",
        {"form": form, "title": title, "submit": submit, "cancel": cancel, "intro": intro},
    )


@staff_required
@require_safe
def chart(request, client_id):
    """The chart's overview: demographics, the current episode, care team, key contacts."""
    client = access.client_for(request, client_id, Action.VIEW_DEMOGRAPHICS)
    may_view_chart = Action.VIEW_CHART in client.allowed_actions
    context = {
        "team": client.care_team.filter(active=True).select_related("user").order_by("role"),
        "emergency": client.contacts.filter(active=True, emergency_contact=True),
        "primary_coverage": client.coverages.filter(active=True).order_by("priority").first(),
        "diagnoses": client.diagnoses.filter(status__in=["active", "in_remission"])
        if may_view_chart
        else None,
        "may_edit": Action.EDIT_REGISTRATION in client.allowed_actions,
        "may_manage_team": Action.MANAGE_EPISODE in client.allowed_actions,
    }
    return render_chart(request, client, "clients/chart_overview.html", context)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def demographics_edit(request, client_id):
    client = access.client_for(request, client_id, Action.EDIT_REGISTRATION)
    form = DemographicsForm(
        request.POST or None, instance=client, initial={"version": client.version}
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in registration.DEMOGRAPHIC_FIELDS}
        try:
            registration.update_demographics(
                client,
                values,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Demographics saved.")
            return redirect("clients:chart", client_id=client.pk)
    return _form_page(
        request,
        client,
        form,
        title="Edit demographics",
        submit="Save demographics",
        cancel=reverse("clients:chart", kwargs={"client_id": client.pk}),
    )


@staff_required
@require_safe
def contacts(request, client_id):
    """Emergency contact, family and sober supports (removed ones listed apart)."""
    client = access.client_for(request, client_id, Action.VIEW_DEMOGRAPHICS)
    rows = list(client.contacts.select_related("removed_by"))
    return render_chart(
        request,
        client,
        "clients/contacts.html",
        {
            "contacts": [c for c in rows if c.active],
            "removed": [c for c in rows if not c.active],
            "may_edit": Action.EDIT_REGISTRATION in client.allowed_actions,
        },
    )


def _contact_form(request, client, contact=None):
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            registration.save_contact(
                client, form.cleaned_data, contact=contact, by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved {form.cleaned_data['name']}.")
            return redirect("clients:contacts", client_id=client.pk)
    return _form_page(
        request,
        client,
        form,
        title="Edit contact" if contact else "Add a contact",
        submit="Save contact",
        cancel=reverse("clients:contacts", kwargs={"client_id": client.pk}),
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_new(request, client_id):
    client = access.client_for(request, client_id, Action.EDIT_REGISTRATION)
    return _contact_form(request, client)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_edit(request, client_id, contact_id):
    contact = _nested(request, Contact, contact_id, client_id, Action.EDIT_REGISTRATION)
    return _contact_form(request, contact.door_client, contact)


@staff_required
@require_POST
def contact_remove(request, client_id, contact_id):
    contact = _nested(request, Contact, contact_id, client_id, Action.EDIT_REGISTRATION)
    registration.remove_contact(contact, by=request.user, request=request)
    messages.success(request, f"Removed {contact.name} from the contacts.")
    return redirect("clients:contacts", client_id=contact.client_id)


@staff_required
@require_safe
def coverage(request, client_id):
    client = access.client_for(request, client_id, Action.VIEW_DEMOGRAPHICS)
    rows = list(client.coverages.all())
    return render_chart(
        request,
        client,
        "clients/coverage.html",
        {
            "coverages": [c for c in rows if c.active],
            "ended": [c for c in rows if not c.active],
            "may_edit": Action.MANAGE_COVERAGE in client.allowed_actions,
            "end_form": EndCoverageForm(initial={"ends_on": timezone.localdate()}),
        },
    )


def _coverage_form(request, client, item=None):
    form = CoverageForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            registration.save_coverage(
                client, form.cleaned_data, coverage=item, by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Coverage saved.")
            return redirect("clients:coverage", client_id=client.pk)
    return _form_page(
        request,
        client,
        form,
        title="Edit coverage" if item else "Add a coverage",
        submit="Save coverage",
        cancel=reverse("clients:coverage", kwargs={"client_id": client.pk}),
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def coverage_new(request, client_id):
    client = access.client_for(request, client_id, Action.MANAGE_COVERAGE)
    return _coverage_form(request, client)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def coverage_edit(request, client_id, coverage_id):
    item = _nested(request, Coverage, coverage_id, client_id, Action.MANAGE_COVERAGE)
    return _coverage_form(request, item.door_client, item)


@staff_required
@require_POST
def coverage_end(request, client_id, coverage_id):
    item = _nested(request, Coverage, coverage_id, client_id, Action.MANAGE_COVERAGE)
    form = EndCoverageForm(request.POST)
    if form.is_valid():
        try:
            registration.end_coverage(
                item, ends_on=form.cleaned_data["ends_on"], by=request.user, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Ended the {item.payer_name} coverage.")
    else:
        messages.error(request, "Give the date the coverage ended.")
    return redirect("clients:coverage", client_id=item.client_id)
