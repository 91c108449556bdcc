"""Private calendar feeds: a staff member manages their own link; calendar apps fetch the feed
with the token alone (no sign-in), so a revoked or unknown token answers 404."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.policy import ProgramAction
from cairn.audit.log import record
from cairn.scheduling import feeds

#: A client's feed read is audited at most this often (calendar apps poll every hour or so).
_AUDIT_EVERY = timedelta(hours=24)


@staff_required
@require_http_methods(["GET", "POST"])
def my_feed(request):
    program = access.program_for(request, ProgramAction.VIEW_SCHEDULE)
    token = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            for feed in feeds.staff_feeds(request.user, program):
                feeds.revoke_feed(feed, by=request.user, request=request)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("scheduling:my_feed")
        _, token = feeds.issue_feed(program, user=request.user, by=request.user, request=request)
    feed = feeds.staff_feeds(request.user, program).first()
    return render(request, "scheduling/my_feed.html", {"feed": feed, "token": token})


@login_not_required
@never_cache
@require_safe
def feed(request, token):
    found = feeds.feed_for_token(token)
    if found is None:
        raise Http404("Not found")
    if found.client_id and (
        found.last_used_at is None or timezone.now() - found.last_used_at > _AUDIT_EVERY
    ):
        record(
            "calendar_feed.read",
            request=request,
            obj=found,
            client_id=found.client_id,
            program_id=found.program_id,
        )
    response = HttpResponse(feeds.render_feed(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cairn.ics"'
    return response
