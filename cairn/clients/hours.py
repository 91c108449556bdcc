"""The weekly-hours minimum for a client: rules as data (``HoursMinimum`` rows), not code.

DOMAIN.md: ASAM level 2.1 (IOP) is at least 9 hours a week for adults and at least 6 for
adolescents; level 2.5 (PHP) is 20 or more. Those are the default rows (a data migration);
a program may set its own rows for a level in the admin, and then only its own rows count for
that level. Age is taken from the date of birth on the day the minimum applies from.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from cairn.clients.models import HoursMinimum


@dataclass(frozen=True)
class Minimum:
    hours: Decimal
    basis: str  # how it was derived, shown on the chart

    def __str__(self) -> str:
        return f"{self.hours:g} h/week"


def age_on(date_of_birth: date, on: date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def rules_for(program, level_of_care: str) -> tuple[list[HoursMinimum], str]:
    """The rows that apply to ``level_of_care`` in ``program`` (its own rows win over the
    defaults), and which kind they are. One query."""
    rows = list(
        HoursMinimum.objects.filter(
            Q(program=program) | Q(program__isnull=True), level_of_care=level_of_care
        )
    )
    own = [row for row in rows if row.program_id is not None]
    return (own, "this program's rule") if own else (rows, "default rule")


def minimum_from(rules: tuple[list[HoursMinimum], str], level_of_care, date_of_birth, on):
    """Apply loaded rules (``rules_for``) to one client: no query."""
    rows, source = rules
    age = age_on(date_of_birth, on)
    for row in rows:
        if row.covers(age):
            return Minimum(
                row.weekly_hours,
                f"Level {level_of_care}, {row.label} (age {age}): "
                f"{row.weekly_hours:g} h/week — {source}",
            )
    return Minimum(Decimal(0), f"Level {level_of_care}, age {age}: no minimum configured")


def weekly_minimum(program, level_of_care: str, date_of_birth: date, on: date) -> Minimum:
    """The minimum for a client of ``program`` at ``level_of_care`` born ``date_of_birth``, as
    of ``on``. The program's own rows for the level win over the defaults; no matching row
    means no minimum (0), said so in the basis."""
    rules = rules_for(program, level_of_care)
    return minimum_from(rules, level_of_care, date_of_birth, on)
