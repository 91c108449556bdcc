"""``/fhir/R4/…``: the API has its own authentication (OAuth2 bearer tokens); the URL walk
leaves this namespace to the app's tests."""

from django.urls import path

from cairn.fhir import api

app_name = "fhir_api"
urlpatterns = [
    path("metadata", api.metadata, name="metadata"),
    path("auth/token", api.token, name="token"),
    path("$export", api.export_system, name="export"),
    path("$export-status/<str:job_id>", api.export_status, name="export_status"),
    path("$export-file/<str:job_id>/<str:name>", api.export_file, name="export_file"),
    path("Group/<str:group_id>/$export", api.export_group, name="export_group"),
    path("<str:resource_type>/_search", api.search_post, name="search_post"),
    path("<str:resource_type>/<str:resource_id>", api.read, name="read"),
    path("<str:resource_type>", api.type_level, name="type"),
]
