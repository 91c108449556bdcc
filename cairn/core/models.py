"""Organizations, programs, sites and tracks: the frame everything clinical is scoped to."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not a time zone name such as America/New_York."
        ) from None


class Organization(models.Model):
    """A provider. Medical record numbers are unique within it."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """One treatment program (e.g. an adult IOP). Everything clinical is scoped to a program."""

    class AsamEdition(models.TextChoices):
        THIRD = "3", "ASAM Criteria, 3rd edition"
        FOURTH = "4", "ASAM Criteria, 4th edition (2023)"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    timezone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_timezone]
    )
    phone = models.CharField(
        "main phone", max_length=40, blank=True, help_text="Shown to clients next to crisis help."
    )
    address = models.TextField(blank=True)
    asam_edition = models.CharField(
        "ASAM edition", max_length=1, choices=AsamEdition.choices, default=AsamEdition.THIRD
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="program_slug_unique")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Site(models.Model):
    """A location where a program meets."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    """ISO weekdays; weeks start Monday (DESIGN.md principle 7)."""

    MONDAY = 1, "Monday"
    TUESDAY = 2, "Tuesday"
    WEDNESDAY = 3, "Wednesday"
    THURSDAY = 4, "Thursday"
    FRIDAY = 5, "Friday"
    SATURDAY = 6, "Saturday"
    SUNDAY = 7, "Sunday"


class Track(models.Model):
    """A daily programming block clients attend, e.g. the evening track, Mon/Tue/Thu 18:00–21:00.

    DOMAIN.md: 3–5 sessions a week of 3–4 hours, in morning, afternoon or evening tracks.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="tracks")
    name = models.CharField(max_length=100)
    code = models.SlugField(help_text="Short code used in schedules, e.g. 'evening'.")
    days = models.JSONField(
        default=list, help_text="ISO weekday numbers the track meets on (1 = Monday)."
    )
    start_time = models.TimeField()
    end_time = models.TimeField()
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="track_code_unique"),
        ]
        ordering = ["start_time"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The track must end after it starts."
        if not isinstance(self.days, list) or not self.days:
            errors["days"] = "Pick at least one day."
        elif any(day not in Weekday.values for day in self.days):
            errors["days"] = "Days are numbers 1 (Monday) to 7 (Sunday)."
        if errors:
            raise ValidationError(errors)

    @property
    def day_names(self) -> str:
        return ", ".join(Weekday(day).label[:3] for day in sorted(self.days))
