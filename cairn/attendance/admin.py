"""Attendance configuration (program settings and hours rules) in the configuration admin.
No client-scoped model is registered here."""

from django.contrib import admin

from cairn.attendance.models import AttendanceSettings, HoursRule


@admin.register(AttendanceSettings)
class AttendanceSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "iop_day_minutes",
        "absence_streak",
        "low_attendance_percent",
        "low_attendance_days",
    ]


@admin.register(HoursRule)
class HoursRuleAdmin(admin.ModelAdmin):
    list_display = [
        "level_of_care",
        "min_age",
        "max_age",
        "weekly_min_hours",
        "step_down_weeks",
        "program",
    ]
    list_filter = ["level_of_care", "program"]
