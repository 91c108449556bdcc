from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def get(mapping, key):
    """``{{ ratings|get:objective.key }}``: a dict entry by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def past(day) -> bool:
    return day is not None and day < timezone.localdate()


@register.inclusion_tag("plans/_status_badge.html")
def status_badge(version):
    return {"version": version}
