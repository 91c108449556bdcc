from django.urls import path

from cairn.admissions import views

app_name = "admissions"
urlpatterns = [
    path("admissions/", views.board, name="board"),
    path("admissions/inquiries/", views.inquiries, name="inquiries"),
    path("admissions/inquiries/new/", views.inquiry_new, name="inquiry_new"),
    path("admissions/inquiries/<int:inquiry_id>/", views.inquiry, name="inquiry"),
    path("admissions/inquiries/<int:inquiry_id>/edit/", views.inquiry_edit, name="inquiry_edit"),
    path(
        "admissions/inquiries/<int:inquiry_id>/screening/",
        views.inquiry_screening,
        name="inquiry_screening",
    ),
    path(
        "admissions/inquiries/<int:inquiry_id>/schedule/",
        views.inquiry_schedule,
        name="inquiry_schedule",
    ),
    path(
        "admissions/inquiries/<int:inquiry_id>/assessment/",
        views.inquiry_assessment,
        name="inquiry_assessment",
    ),
    path("admissions/inquiries/<int:inquiry_id>/admit/", views.inquiry_admit, name="inquiry_admit"),
    path("admissions/inquiries/<int:inquiry_id>/status/", views.inquiry_move, name="inquiry_move"),
    path(
        "admissions/inquiries/<int:inquiry_id>/follow-ups/new/",
        views.inquiry_follow_up,
        name="inquiry_follow_up",
    ),
]
