"""The daily check-in (issue 11.3): under a minute, on a phone. Bad input gets a message on
the field and stores nothing; a second check-in on the same day is refused kindly."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cairn.accounts.decorators import portal_required
from cairn.portal import panels
from cairn.portal.checkins import CheckInRefused, record_checkin
from cairn.portal.door import portal_client
from cairn.portal.forms import CheckInForm
from cairn.portal.layout import render_portal


@portal_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    client = portal_client(request)
    done = panels.todays_checkin(client)
    plan = panels.current_plan(client)
    form = CheckInForm(
        request.POST or None,
        plan_triggers=panels.plan_triggers(plan),
        plan_coping=panels.plan_coping(plan),
    )
    if request.method == "POST" and done is None and form.is_valid():
        try:
            record_checkin(client, by=request.user, data=form.record_data(), request=request)
        except CheckInRefused as refusal:
            messages.info(request, str(refusal))
            return redirect("portal:home")
        messages.success(request, _("Thank you. Your check-in is saved."))
        return redirect("portal:home")
    status = 400 if request.method == "POST" else 200
    return render_portal(
        request, "portal/checkin.html", {"form": form, "done": done}, status=status
    )
