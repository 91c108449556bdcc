from django.urls import path

from cairn.notes import views, views_group, views_worklist

app_name = "notes"
urlpatterns = [
    path("clients/<int:client_id>/notes/", views.chart_notes, name="chart"),
    path("clients/<int:client_id>/notes/new/", views.new_note, name="new"),
    path(
        "clients/<int:client_id>/counseling-notes/",
        views_worklist.counseling_notes,
        name="counseling",
    ),
    path("notes/", views_worklist.my_notes, name="mine"),
    path("notes/cosign/", views_worklist.cosign_queue, name="cosign_queue"),
    path("notes/timeliness/", views_worklist.timeliness_report, name="timeliness"),
    path("notes/<int:note_id>/", views.note_detail, name="detail"),
    path("notes/<int:note_id>/edit/", views.edit_note, name="edit"),
    path("notes/<int:note_id>/sign/", views.sign_note, name="sign"),
    path("notes/<int:note_id>/addenda/", views.add_addendum, name="addendum"),
    path("notes/<int:note_id>/cosign/", views.cosign_note, name="cosign"),
    path("sessions/<int:session_id>/group-note/", views_group.group_note, name="group"),
    path(
        "sessions/<int:session_id>/group-note/start/",
        views_group.start_group_note,
        name="group_start",
    ),
    path(
        "sessions/<int:session_id>/group-note/sign/", views_group.sign_group_note, name="group_sign"
    ),
    path(
        "sessions/<int:session_id>/group-note/cosign/",
        views_group.cosign_group_note,
        name="group_cosign",
    ),
    path(
        "sessions/<int:session_id>/group-note/addenda/",
        views_group.add_group_addendum,
        name="group_addendum",
    ),
]
