"""Default weekly-hours minimums (DOMAIN.md): ASAM level 2.1 adults at least 9 hours a week,
adolescents at least 6; level 2.5 (PHP) 20 or more. Programs override them in the admin."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = [
    # level, from age, to age, weekly hours, label
    ("2.1", 0, 17, Decimal("6"), "adolescents"),
    ("2.1", 18, None, Decimal("9"), "adults"),
    ("2.5", 0, None, Decimal("20"), "everyone"),
    ("1", 0, None, Decimal("0"), "everyone (no minimum)"),
]


def add_defaults(apps, schema_editor):
    HoursMinimum = apps.get_model("clients", "HoursMinimum")
    for level, low, high, hours, label in DEFAULTS:
        HoursMinimum.objects.get_or_create(
            program=None,
            level_of_care=level,
            min_age=low,
            defaults={"max_age": high, "weekly_hours": hours, "label": label},
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("clients", "HoursMinimum").objects.filter(program=None).delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_demographics_network_coverage_diagnoses_episode_history")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
