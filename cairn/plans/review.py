"""When a treatment plan's review is due (issue: every 30 days, a program setting).

The clock starts at the plan date of the latest version the clinician signed: the first plan,
or the last review. A review shows as *due* from ``warning_days`` before its date through the
date itself, and *overdue* after it. Pure functions: no database, easy to test.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ReviewStatus:
    state: str  # "none" (no signed plan yet), "ok", "due", "overdue"
    due_on: date | None = None
    days: int = 0  # days until due (due, ok) or days past it (overdue)

    @property
    def label(self) -> str:
        if self.state == "none":
            return "No signed plan yet"
        if self.state == "overdue":
            return f"Review overdue by {self.days} day{'s' if self.days != 1 else ''}"
        if self.state == "due":
            if self.days == 0:
                return "Review due today"
            return f"Review due in {self.days} day{'s' if self.days != 1 else ''}"
        return f"Next review {self.due_on:%b %-d}"

    @property
    def needs_attention(self) -> bool:
        return self.state in ("due", "overdue")


def review_status(
    last_signed_on: date | None, *, today: date, interval_days: int = 30, warning_days: int = 7
) -> ReviewStatus:
    if last_signed_on is None:
        return ReviewStatus("none")
    due_on = last_signed_on + timedelta(days=interval_days)
    if today > due_on:
        return ReviewStatus("overdue", due_on, (today - due_on).days)
    remaining = (due_on - today).days
    if remaining <= warning_days:
        return ReviewStatus("due", due_on, remaining)
    return ReviewStatus("ok", due_on, remaining)


def attention_cutoff(today: date, *, interval_days: int, warning_days: int) -> date:
    """Plans whose ``last_signed_on`` is on or before this date are due or overdue (for list
    queries: the same rule as ``review_status``)."""
    return today - timedelta(days=interval_days - warning_days)
