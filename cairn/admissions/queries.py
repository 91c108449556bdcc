"""Board and list queries. They refine querysets the door already scoped
(``access.inquiries_for``); each makes a fixed number of queries whatever the data size."""

import html
from functools import cache

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext

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


#: The fields a board card shows (``CARD_FIELDS``); the rest of the inquiry stays unloaded.
CARD_FIELDS = (
    "status",
    "status_changed_at",
    "first_name",
    "last_name",
    "preferred_name",
    "urgency",
    "referral_source",
    "referring_organization",
    "assessment_at",
)
#: How a board card shows a time (the ``date`` filter's format, in the active time zone).
CARD_TIME = "D M j, g:i a"


@cache
def _time_names(language: str | None) -> tuple[list[str], list[str], str, str]:
    """Weekday and month abbreviations and "a.m."/"p.m." in ``language`` (the active one)."""
    months = [""] + [str(MONTHS_3[month]).title() for month in range(1, 13)]
    return [str(WEEKDAYS_ABBR[day]) for day in range(7)], months, gettext("a.m."), gettext("p.m.")


def card_time(value) -> str:
    """``{{ value|date:CARD_TIME }}`` written out: the same (translated) names and numbers as
    Django's ``date`` filter in the active time zone, without building a formatter and
    translating names per value (a board shows up to two times on each of its 125 cards).
    Tested against the filter."""
    local = timezone.localtime(value)
    days, months, am, pm = _time_names(get_language())
    hour = local.hour
    return (
        f"{days[local.weekday()]} {months[local.month]} {local.day}, "
        f"{hour % 12 or 12}:{local.minute:02d} {pm if hour > 11 else am}"
    )


def _text(value) -> str:
    """``{{ value }}`` in a template: the text, escaped unless already marked safe."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


URGENCY_BADGES = {
    Inquiry.Urgency.URGENT: ' <span class="badge badge-urgent">Urgent</span>',
    Inquiry.Urgency.SOON: ' <span class="badge text-bg-warning">Soon</span>',
}


def card_html(inquiry: Inquiry) -> str:
    """One board card (an ``<li>``) from what ``board`` prepared: the name linking to the
    inquiry, the urgency badge, the referral, days in status with the assessment time, and the
    next open follow-up standing out when overdue. Written here rather than by the template,
    whose per-variable cost over 125 cards was a third of the page (issue 14)."""
    overdue = inquiry.has_overdue
    organization = (
        f" · {_text(inquiry.referring_organization)}" if inquiry.referring_organization else ""
    )
    assessment = f" · assessment {_text(inquiry.assessment)}" if inquiry.assessment else ""
    follow_up = ""
    if inquiry.next_follow_up:
        follow_up = (
            f'<div class="small text-overdue"><span class="badge text-bg-danger">Overdue</span> '
            f"follow-up due {_text(inquiry.next_follow_up)}</div>"
            if overdue
            else f'<div class="small">Follow-up due {_text(inquiry.next_follow_up)}</div>'
        )
    return mark_safe(
        f'<li class="board-card{" board-card-overdue" if overdue else ""}">\n'
        f'        <a class="fw-semibold" href="{_text(inquiry.url)}">'
        f"{_text(inquiry.display_name)}</a>{URGENCY_BADGES.get(inquiry.urgency, '')}\n"
        f'        <div class="small muted">{_text(inquiry.source)}{organization}</div>\n'
        f'        <div class="small">{_text(inquiry.in_status)}{assessment}</div>\n'
        f"        {follow_up}\n"
        f"      </li>"
    )


def _link(name: str):
    """``pk -> reverse(name, args=[pk])`` for a URL ending in the id, with one ``reverse``."""
    sample = reverse(name, args=[0])
    head = sample.removesuffix("0/")
    if head == sample:  # not the expected shape: reverse each time
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{head}{pk}/"


def board(inquiries: QuerySet[Inquiry], program) -> dict:
    """Columns of open inquiries (oldest in status first, ``COLUMN_LIMIT`` each), counts for
    every status and the number with an overdue follow-up: three queries.

    Issue 14 (busy pages): the counts and the overdue count are one grouped query; the cards
    load only ``CARD_FIELDS``; the next open follow-up of each shown card comes from one plain
    query (an inquiry has an overdue follow-up exactly when its earliest open one is past due);
    each card's link, times and labels are prepared here, so the template only prints them."""
    now = timezone.now()
    in_program = inquiries.filter(program=program)
    with_overdue_follow_up = FollowUp.objects.filter(
        task__status=Task.Status.OPEN, task__due_at__lt=now
    ).values("inquiry_id")
    counts, overdue = {}, 0
    for status, n, late in (
        in_program.order_by()
        .values("status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(pk__in=with_overdue_follow_up)))
        .values_list("status", "n", "late")
    ):
        counts[status] = n
        if status in OPEN_STATUSES:
            overdue += late
    cards = list(
        in_program.filter(status__in=OPEN_STATUSES)
        .only(*CARD_FIELDS)
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
    follow_ups = {}
    if cards:
        rows = (
            FollowUp.objects.filter(
                inquiry_id__in=[card.pk for card in cards], task__status=Task.Status.OPEN
            )
            .order_by("-task__due_at", "-task_id")
            .values_list(
                "inquiry_id", "task__due_at", "task__owner__first_name", "task__owner__last_name"
            )
        )
        for inquiry_id, due_at, first, last in rows:
            follow_ups[inquiry_id] = (due_at, first, last)  # the earliest comes last and stays
    link = _link("admissions:inquiry")
    sources = dict(Inquiry._meta.get_field("referral_source").flatchoices)
    labels = {status: Inquiry.Status(status).label for status in OPEN_STATUSES}
    columns = {status: [] for status in OPEN_STATUSES}
    for inquiry in cards:
        days = inquiry.days_in_status(now)
        inquiry.url = link(inquiry.pk)
        inquiry.source = str(sources.get(inquiry.referral_source, inquiry.referral_source))
        inquiry.in_status = (
            f"{days} day{'s' if days != 1 else ''} in {labels[inquiry.status].lower()}"
        )
        inquiry.assessment = (
            card_time(inquiry.assessment_at)
            if inquiry.status == Inquiry.Status.ASSESSMENT_SCHEDULED and inquiry.assessment_at
            else ""
        )
        due_at, first, last = follow_ups.get(inquiry.pk, (None, "", ""))
        inquiry.has_overdue = due_at is not None and due_at < now
        inquiry.next_follow_up = f"{card_time(due_at)} · {first} {last}" if due_at else ""
        inquiry.html = card_html(inquiry)
        columns[inquiry.status].append(inquiry)
    return {
        "columns": [
            {
                "status": status,
                "label": labels[status],
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
        "overdue": overdue,
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
