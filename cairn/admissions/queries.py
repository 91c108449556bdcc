"""Board and list queries. They refine querysets the door already scoped
(``access.inquiries_for``); each makes a fixed number of queries whatever the data size."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cairn.admissions.models import FollowUp, Inquiry
from cairn.admissions.pipeline import OPEN_STATUSES
from cairn.worklist.models import Task

#: Cards shown per board column; the rest are one click away in the filtered list.
COLUMN_LIMIT = 25


def with_follow_up_state(inquiries: QuerySet[Inquiry], now=None) -> QuerySet[Inquiry]:
    """Annotate the next open follow-up's due time and owner, and whether one is overdue."""
    now = now or timezone.now()
    open_tasks = FollowUp.objects.filter(
        inquiry=OuterRef("pk"), task__status=Task.Status.OPEN
    ).order_by("task__due_at")
    return inquiries.annotate(
        next_due=Subquery(open_tasks.values("task__due_at")[:1]),
        next_owner_first=Subquery(open_tasks.values("task__owner__first_name")[:1]),
        next_owner_last=Subquery(open_tasks.values("task__owner__last_name")[:1]),
        has_overdue=Exists(open_tasks.filter(task__due_at__lt=now)),
    )


def board(inquiries: QuerySet[Inquiry], program) -> dict:
    """Columns of open inquiries (oldest in status first, ``COLUMN_LIMIT`` each), counts for
    every status and the number with an overdue follow-up: three queries."""
    in_program = inquiries.filter(program=program)
    counts = dict(
        in_program.values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    cards = (
        with_follow_up_state(in_program.filter(status__in=OPEN_STATUSES))
        .select_related("coordinator")
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("status_changed_at").asc(), F("pk").asc()],
            )
        )
        .filter(position__lte=COLUMN_LIMIT)
        .order_by("status_changed_at", "pk")
    )
    now = timezone.now()
    columns = {status: [] for status in OPEN_STATUSES}
    for inquiry in cards:
        inquiry.days = inquiry.days_in_status(now)
        columns[inquiry.status].append(inquiry)
    return {
        "columns": [
            {
                "status": status,
                "label": Inquiry.Status(status).label,
                "cards": columns[status],
                "count": counts.get(status, 0),
            }
            for status in OPEN_STATUSES
        ],
        "closed_counts": [
            {"status": s, "label": Inquiry.Status(s).label, "count": counts.get(s, 0)}
            for s in Inquiry.Status
            if s not in OPEN_STATUSES
        ],
        "overdue": with_follow_up_state(in_program.filter(status__in=OPEN_STATUSES), now)
        .filter(has_overdue=True)
        .count(),
    }


def search(inquiries: QuerySet[Inquiry], text: str) -> QuerySet[Inquiry]:
    if not text:
        return inquiries
    return inquiries.filter(
        Q(last_name__icontains=text)
        | Q(first_name__icontains=text)
        | Q(preferred_name__icontains=text)
        | Q(phone__icontains=text)
        | Q(referring_organization__icontains=text)
    )


def waitlist(inquiries: QuerySet[Inquiry], program, limit: int = 50) -> list[Inquiry]:
    """Waitlisted inquiries of the program, longest waiting first."""
    return list(
        inquiries.filter(program=program, status=Inquiry.Status.WAITLISTED)
        .select_related("coordinator")
        .order_by("status_changed_at", "pk")[:limit]
    )
