from django.contrib import admin

from cairn.core.models import Organization, Program, Site, Track


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "timezone", "asam_edition", "active"]
    inlines = [TrackInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "program"]
