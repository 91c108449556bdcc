"""The audit report for program directors: filter, page, export to CSV."""

import csv
from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cairn.accounts import access
from cairn.accounts.decorators import staff_required
from cairn.accounts.models import StaffRole
from cairn.accounts.policy import Action, ProgramAction
from cairn.audit.forms import AuditFilterForm
from cairn.audit.log import record
from cairn.audit.models import AuditEvent

CSV_COLUMNS = [
    "id",
    "at",
    "actor_label",
    "actor_kind",
    "action",
    "outcome",
    "client_id",
    "program_id",
    "object_type",
    "object_id",
    "ip_address",
    "user_agent",
    "detail",
    "hash",
]


def _events(request, program, form) -> "tuple[object, bool]":
    """The program's events, filtered. Sign-ins carry no program: include those of its staff."""
    staff_ids = StaffRole.objects.filter(program=program).values("user_id")
    events = AuditEvent.objects.filter(
        Q(program_id=program.pk) | Q(program_id__isnull=True, actor_id__in=staff_ids)
    )
    if not form.is_valid():
        return events.none(), False
    data = form.cleaned_data
    if data["user"]:
        events = events.filter(actor_label=data["user"])
    if data["mrn"]:
        client = (
            access.clients_for(request.user, Action.VIEW_CLIENT_AUDIT)
            .filter(mrn=data["mrn"], program=program)
            .first()
        )
        events = events.filter(client_id=client.pk) if client else events.none()
    if data["action"]:
        events = events.filter(action__startswith=data["action"])
    zone = timezone.get_current_timezone()
    if data["start"]:
        events = events.filter(at__gte=datetime.combine(data["start"], time.min, zone))
    if data["end"]:
        end = datetime.combine(data["end"] + timedelta(days=1), time.min, zone)
        events = events.filter(at__lt=end)
    return events.order_by("-id"), True


@staff_required
@require_safe
def report(request):
    program = access.program_for(request, ProgramAction.VIEW_AUDIT_REPORT)
    form = AuditFilterForm(request.GET or None)
    if not request.GET:
        form = AuditFilterForm({})
    record("audit.report_view", request=request, program_id=program.pk)
    events, valid = _events(request, program, form)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    clients = _client_labels(request, page.object_list)
    return render(
        request,
        "audit/report.html",
        {
            "form": form,
            "page": page,
            "clients": clients,
            "query": _without_page(request.GET),
            "valid": valid,
        },
    )


def _client_labels(request, events) -> dict[int, str]:
    """Record number and name for the clients on this page — through the door, so a client
    the director may not see stays a bare id."""
    ids = {event.client_id for event in events if event.client_id}
    visible = access.clients_for(request.user, Action.VIEW_CLIENT_AUDIT).filter(pk__in=ids)
    return {c.pk: f"{c.display_name} (#{c.mrn})" for c in visible}


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


class _Echo:
    def write(self, value):
        return value


@staff_required
@require_safe
def report_csv(request):
    program = access.program_for(request, ProgramAction.VIEW_AUDIT_REPORT)
    events, _ = _events(request, program, AuditFilterForm(request.GET or {}))
    record("audit.export", request=request, program_id=program.pk, detail=dict(request.GET.items()))
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    event.pk,
                    event.at.isoformat(),
                    event.actor_label,
                    event.actor_kind,
                    event.action,
                    event.outcome,
                    event.client_id or "",
                    event.program_id or "",
                    event.object_type,
                    event.object_id,
                    event.ip_address or "",
                    event.user_agent,
                    event.detail,
                    event.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="cairn-audit-{stamp}.csv"'
    return response
