"""Scheduling configuration in the Django admin (no client-scoped model is registered here)."""

from django.contrib import admin

from cairn.scheduling.models import (
    GroupType,
    Room,
    RoomClosure,
    ScheduleSettings,
    StaffAvailability,
    StaffProfile,
    StaffTimeOff,
)


class RoomClosureInline(admin.TabularInline):
    model = RoomClosure
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "capacity", "active"]
    list_filter = ["program", "active"]
    inlines = [RoomClosureInline]


@admin.register(GroupType)
class GroupTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "program", "min_size", "max_size", "qualification"]
    list_filter = ["program", "active"]


class StaffAvailabilityInline(admin.TabularInline):
    model = StaffAvailability
    extra = 0


class StaffTimeOffInline(admin.TabularInline):
    model = StaffTimeOff
    extra = 0


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "max_hours", "schedulable"]
    list_filter = ["program", "schedulable"]
    inlines = [StaffAvailabilityInline, StaffTimeOffInline]


@admin.register(ScheduleSettings)
class ScheduleSettingsAdmin(admin.ModelAdmin):
    list_display = ["program", "group_minutes", "individual_minutes", "solve_seconds"]
