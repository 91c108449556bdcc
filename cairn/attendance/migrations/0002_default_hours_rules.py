"""Default weekly-hours rules for every program (DOMAIN.md, "Level of care and hours").

ASAM level 2.1 (IOP): adults at least 9 hours a week, adolescents at least 6; below the
minimum a client may continue one or two weeks while stepping down to level 1. Level 2.5
(PHP): 20 hours or more. Programs change these rows in the configuration admin."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    # level, min age, max age, hours, step-down weeks, source
    ("2.1", 18, None, Decimal("9"), 2, "ASAM level 2.1, adults: at least 9 h/week"),
    ("2.1", 0, 17, Decimal("6"), 2, "ASAM level 2.1, adolescents: at least 6 h/week"),
    ("2.5", 0, None, Decimal("20"), 0, "ASAM level 2.5 (PHP): 20 h/week or more"),
]


def add_defaults(apps, schema_editor):
    HoursRule = apps.get_model("attendance", "HoursRule")
    for level, min_age, max_age, hours, weeks, source in DEFAULTS:
        HoursRule.objects.get_or_create(
            program=None,
            level_of_care=level,
            min_age=min_age,
            max_age=max_age,
            defaults={"weekly_min_hours": hours, "step_down_weeks": weeks, "source": source},
        )


def remove_defaults(apps, schema_editor):
    HoursRule = apps.get_model("attendance", "HoursRule")
    for level, min_age, max_age, _hours, _weeks, _source in DEFAULTS:
        HoursRule.objects.filter(
            program=None, level_of_care=level, min_age=min_age, max_age=max_age
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_attendance_records_settings_rules")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
