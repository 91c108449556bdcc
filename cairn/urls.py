"""Every app's URLs are included at the root; each app's urls.py spells its full paths
(chart tabs live under clients/<client_id>/...)."""

from django.contrib import admin
from django.urls import include, path

from cairn.core.admin_site import protect_admin

protect_admin(admin.site)

APPS = [
    "core",
    "accounts",
    "audit",
    "clients",
    "admissions",
    "scheduling",
    "attendance",
    "assessments",
    "plans",
    "notes",
    "medications",
    "consents",
    "portal",
    "homework",
    "fhir",
    "reports",
]

urlpatterns = [path("", include(f"cairn.{app}.urls")) for app in APPS] + [
    path("admin/", admin.site.urls),
]
