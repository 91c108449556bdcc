"""The lists of notes still to write (drafts, group drafts, sessions needing a note) on the home
page's notes panel and on My notes, written in Python: the template's loops, each row with its
``{% url %}`` and date filters, were a quarter of the home panel's time."""

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

_OVERDUE = mark_safe('<span class="badge badge-urgent">Overdue</span>')


def todo_lists(drafts, group_drafts, needing) -> SafeString:
    html = SafeString()
    if drafts or group_drafts:
        rows = [*(_group_draft(n) for n in group_drafts), *(_draft(n) for n in drafts)]
        html += format_html(
            '<h3 class="h6 mt-2">Drafts</h3>\n<ul class="list-unstyled todo-list">{}</ul>\n',
            mark_safe("".join(rows)),
        )
    if needing:
        html += format_html(
            '<h3 class="h6 mt-2">Sessions needing a note</h3>\n'
            '<ul class="list-unstyled todo-list">{}</ul>\n',
            format_html_join("", "{}", ((_needing(item),) for item in needing)),
        )
    return html


def _date(value, fmt: str) -> str:
    return date_filter(template_localtime(value), fmt)


def _due(item) -> SafeString:
    if item.is_overdue():
        return _OVERDUE
    return format_html('<span class="muted small">due {}</span>', _date(item.due_at, "D M j, H:i"))


def _group_draft(note) -> SafeString:
    return format_html(
        '<li><a href="{}">Group: {}</a> <span class="muted">{}</span> {}</li>',
        reverse("notes:group", args=[note.session_id]),
        note.session.label,
        _date(note.starts_at, "D M j"),
        _due(note),
    )


def _draft(note) -> SafeString:
    return format_html(
        '<li><a href="{}">{}: {}</a> <span class="muted">{}</span> {}</li>',
        reverse("notes:edit", args=[note.pk]),
        note.client.display_name,
        note.type_label.lower(),
        _date(note.starts_at, "D M j"),
        _due(note),
    )


def _needing(item) -> SafeString:
    session = item.session
    if session.kind == "group":
        links = format_html(
            '<a href="{}">Group: {}</a>', reverse("notes:group", args=[session.pk]), session.label
        )
    else:
        label = session.label.lower()
        links = format_html_join(
            ", ",
            '<a href="{}?session={}">{}: {}</a>',
            (
                (reverse("notes:new", args=[b.client_id]), session.pk, b.client.display_name, label)
                for b in session.booked
            ),
        )
    return format_html(
        '<li>{} <span class="muted">{}</span> {}</li>',
        links,
        _date(session.starts_at, "D M j, H:i"),
        _due(item),
    )
