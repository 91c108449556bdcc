from django.contrib import admin

from cairn.plans.models import PlanSettings


@admin.register(PlanSettings)
class PlanSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "review_interval_days", "review_warning_days", "initial_plan_days"]
