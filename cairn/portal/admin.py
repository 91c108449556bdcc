"""The check-in alert rules are program settings (no client-scoped model is registered here)."""

from django.contrib import admin

from cairn.portal.models import CheckInRules


@admin.register(CheckInRules)
class CheckInRulesAdmin(admin.ModelAdmin):
    list_display = ["program", "alert_on_use", "craving_threshold", "craving_days", "silence_days"]
