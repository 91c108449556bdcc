"""The ``<li>`` of an open task (the home's "My tasks" panel and the My tasks page), written in
Python: the template include, run once per row with its date filters, ``{% url %}`` and
``{% csrf_token %}``, was most of the panel's rendering time."""

from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

DUE_FORMAT = "D M j, g:i a"


def task_items(tasks, request, now) -> SafeString:
    """The rows of ``tasks`` (each with its ``client`` loaded), overdue ones marked; each row's
    "Complete…" form posts back to this page."""
    csrf = get_token(request)
    back = request.get_full_path()
    return format_html_join("\n", "{}", ((_item(task, csrf, back, now),) for task in tasks))


def _item(task, csrf, back, now) -> SafeString:
    overdue = task.due_at < now
    due = date_filter(timezone.localtime(task.due_at), DUE_FORMAT)
    if overdue:
        when = format_html(
            '<span class="badge text-bg-danger">Overdue</span> was due {} ({} ago)',
            due,
            timesince(task.due_at, now),
        )
    else:
        when = format_html("Due {}", due)
    title = format_html('<a href="{}">{}</a>', task.url, task.title) if task.url else task.title
    client = (
        format_html(
            ' <span class="muted">· <a href="{}">{}</a></span>',
            reverse("clients:chart", args=[task.client_id]),
            task.client.display_name,
        )
        if task.client
        else ""
    )
    urgent = (
        mark_safe('<span class="badge badge-urgent">Urgent</span> ')
        if task.priority == "urgent"
        else ""
    )
    return format_html(
        '<li class="list-group-item task-item{}">'
        '<div class="d-flex flex-wrap justify-content-between gap-2"><div>{}{}{}'
        '<div class="small {}">{}</div></div>'
        '<details class="task-complete">'
        '<summary class="btn btn-sm btn-outline-success">Complete…</summary>'
        '<form method="post" action="{}" class="mt-2">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<label class="form-label small" for="task-note-{}">Note (what was done, optional)</label>'
        '<textarea class="form-control form-control-sm mb-2" id="task-note-{}" name="note" '
        'rows="2" maxlength="2000"></textarea>'
        '<button type="submit" class="btn btn-success btn-sm">Mark done</button>'
        "</form></details></div></li>",
        " list-group-item-danger" if overdue else "",
        urgent,
        title,
        client,
        "text-overdue" if overdue else "muted",
        when,
        reverse("clients:task_complete", args=[task.pk]),
        csrf,
        back,
        task.pk,
        task.pk,
    )
