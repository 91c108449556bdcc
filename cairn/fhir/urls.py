from django.urls import include, path

from cairn.fhir import views

app_name = "fhir"
urlpatterns = [
    path("fhir/R4/", include("cairn.fhir.api_urls")),
    path("fhir/clients/", views.client_list, name="clients"),
    path("fhir/clients/new/", views.client_new, name="client_new"),
    path(
        "fhir/clients/<int:system_client_id>/turn-off/",
        views.client_turn_off,
        name="client_turn_off",
    ),
]
