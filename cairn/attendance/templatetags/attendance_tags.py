"""Small display helpers for attendance pages."""

from django import template

from cairn.attendance.compliance import hours_label

register = template.Library()


@register.filter
def hours_of(minutes) -> str:
    """Minutes as hours for people: 540 → "9", 450 → "7.5", 160 → "2.7"."""
    return hours_label(minutes)


@register.simple_tag
def marked_state(session) -> str:
    if not session.roster_size:
        return "No one booked"
    if not session.marked:
        return "Attendance not taken"
    if session.marked < session.roster_size:
        return f"{session.marked} of {session.roster_size} marked"
    return "Attendance taken"
