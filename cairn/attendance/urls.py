from django.urls import path

from cairn.attendance import views

app_name = "attendance"
urlpatterns = [
    path("attendance/", views.sessions, name="sessions"),
    path("attendance/hours/", views.board, name="board"),
    path("attendance/sessions/<int:session_id>/", views.take, name="take"),
    path(
        "attendance/sessions/<int:session_id>/drop-ins/search/",
        views.drop_in_search,
        name="drop_in_search",
    ),
    path("attendance/sessions/<int:session_id>/drop-ins/", views.add_drop_in, name="add_drop_in"),
    path("clients/<int:client_id>/attendance/", views.chart, name="chart"),
    path(
        "clients/<int:client_id>/attendance/alerts/<int:alert_id>/close/",
        views.resolve_alert,
        name="resolve_alert",
    ),
]
