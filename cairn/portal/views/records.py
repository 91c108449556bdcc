"""My records (issue 12.4 and 5.5): the accounting of disclosures of the client's record (every
disclosure of the past three years, 42 CFR 2.24) and a private calendar link for their sessions
(no clinical detail in the feed). Both read and write through the owning apps' operations."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cairn.accounts.decorators import portal_required
from cairn.consents.accounting import request_accounting
from cairn.portal.door import portal_client
from cairn.portal.forms import CalendarLinkForm
from cairn.portal.layout import render_portal
from cairn.scheduling import clientdata, feeds


@portal_required
@require_safe
def records(request):
    return _page(request, portal_client(request))


@portal_required
@require_POST
def calendar_link(request):
    client = portal_client(request)
    form = CalendarLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the calendar link."))
        return _page(request, client, status=400)
    if form.cleaned_data["action"] == "revoke":
        for feed in clientdata.client_feeds(client):
            feeds.revoke_feed(feed, by=request.user, request=request)
        messages.success(request, _("The calendar link no longer works."))
        return redirect("portal:records")
    _feed, token = feeds.issue_feed(client.program, client=client, by=request.user, request=request)
    link = request.build_absolute_uri(reverse("scheduling:feed", kwargs={"token": token}))
    return _page(request, client, link=link)


def _page(request, client, *, link=None, status=200):
    context = {
        "client": client,
        "disclosures": request_accounting(client, by=request.user, request=request),
        "has_calendar": clientdata.client_feeds(client).exists(),
        "calendar_link": link,
    }
    return render_portal(request, "portal/records.html", context, status=status)
