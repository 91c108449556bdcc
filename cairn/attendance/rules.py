"""Reading the program's attendance configuration (settings row and hours rules)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from cairn.attendance.models import AttendanceSettings, HoursRule


def settings_for(program) -> AttendanceSettings:
    """The program's settings row, or an unsaved one holding the defaults."""
    found = AttendanceSettings.objects.filter(program=program).first()
    return found or AttendanceSettings(program=program)


def rules_for(program) -> list[HoursRule]:
    """The program's own rules first, then the defaults for every program (one query)."""
    rules = HoursRule.objects.filter(Q(program=program) | Q(program__isnull=True))
    return sorted(rules, key=lambda r: (r.program_id is None, -r.min_age))


def pick_rule(rules: Iterable[HoursRule], level: str, age: int) -> HoursRule | None:
    """The first rule (from ``rules_for``) covering this level of care and age."""
    return next((rule for rule in rules if rule.covers(level, age)), None)


def default_minimum(program, level: str, age: int) -> Decimal | None:
    """The weekly-hours minimum an admission copies onto the episode (DOMAIN.md: level 2.1,
    adults at least 9 hours, adolescents at least 6). ``None`` when no rule covers it."""
    rule = pick_rule(rules_for(program), level, age)
    return rule.weekly_min_hours if rule else None
