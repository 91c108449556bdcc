from django.urls import path

from cairn.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.census, name="census"),
    path("<int:client_id>/", views.chart, name="chart"),
]
