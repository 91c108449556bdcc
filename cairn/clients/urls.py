from django.urls import path

from cairn.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.census, name="census"),
    path("clients/<int:client_id>/", views.chart, name="chart"),
]
