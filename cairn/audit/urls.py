from django.urls import path

from cairn.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.report, name="report"),
    path("audit/export.csv", views.report_csv, name="report_csv"),
]
