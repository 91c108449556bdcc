"""Configuration only (core/admin_site.py): the weekly-hours minimums, rules as data."""

from django.contrib import admin

from cairn.clients.models import HoursMinimum


@admin.register(HoursMinimum)
class HoursMinimumAdmin(admin.ModelAdmin):
    list_display = ["level_of_care", "label", "min_age", "max_age", "weekly_hours", "program"]
    list_filter = ["program", "level_of_care"]
    ordering = ["program", "level_of_care", "min_age"]
