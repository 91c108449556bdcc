from django.urls import path

from cairn.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.report, name="report"),
    path("export.csv", views.report_csv, name="report_csv"),
]
