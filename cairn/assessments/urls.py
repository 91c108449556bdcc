from django.urls import path

from cairn.assessments import views

app_name = "assessments"
urlpatterns = [
    path("clients/<int:client_id>/assessments/", views.chart_tab, name="chart_tab"),
    path("clients/<int:client_id>/assessments/start/", views.start, name="start"),
    path(
        "clients/<int:client_id>/assessments/<int:administration_id>/",
        views.administration,
        name="administration",
    ),
    path(
        "clients/<int:client_id>/assessments/<int:administration_id>/discard/",
        views.discard,
        name="discard",
    ),
    path(
        "clients/<int:client_id>/assessments/<int:administration_id>/entered-in-error/",
        views.entered_in_error,
        name="entered_in_error",
    ),
    path(
        "clients/<int:client_id>/assessments/safety-alerts/<int:alert_id>/",
        views.safety_response,
        name="safety_response",
    ),
    path("assessments/due/", views.due_list, name="due_list"),
    path("assessments/outcomes/", views.program_outcomes, name="outcomes"),
    path("assessments/settings/", views.program_settings, name="program_settings"),
]
