from django.urls import path

from cairn.homework import views, views_portal

app_name = "homework"
urlpatterns = [
    path("clients/<int:client_id>/homework/", views.chart, name="chart"),
    path("clients/<int:client_id>/homework/assign/", views.assign, name="assign"),
    path("homework/<int:assignment_id>/", views.detail, name="detail"),
    path("homework/<int:assignment_id>/review/", views.review, name="review"),
    path("homework/<int:assignment_id>/withdraw/", views.withdraw, name="withdraw"),
]

# The portal (phone first): the client's own homework and questionnaires.
urlpatterns += [
    path("portal/homework/", views_portal.homework_list, name="portal_list"),
    path("portal/homework/<int:assignment_id>/", views_portal.homework, name="portal_homework"),
    path(
        "portal/questionnaires/",
        views_portal.questionnaire_list,
        name="portal_questionnaires",
    ),
    path(
        "portal/questionnaires/start/",
        views_portal.questionnaire_start,
        name="portal_start",
    ),
    path(
        "portal/questionnaires/<int:administration_id>/<int:question_number>/",
        views_portal.question,
        name="portal_question",
    ),
    path(
        "portal/questionnaires/<int:administration_id>/review/",
        views_portal.review,
        name="portal_review",
    ),
    path(
        "portal/questionnaires/<int:administration_id>/done/",
        views_portal.done,
        name="portal_done",
    ),
]
