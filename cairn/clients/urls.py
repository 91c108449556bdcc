from django.urls import path

from cairn.clients.views import care_team, clinical, lists, registration

app_name = "clients"
urlpatterns = [
    path("clients/", lists.census, name="census"),
    path("clients/census/", lists.census_summary, name="census_summary"),
    path("clients/caseloads/", lists.caseloads, name="caseloads"),
    path("clients/icd-search/", clinical.icd_search, name="icd_search"),
    path("tasks/", lists.my_tasks, name="my_tasks"),
    path("tasks/<int:task_id>/complete/", lists.task_complete, name="task_complete"),
    path("clients/<int:client_id>/", registration.chart, name="chart"),
    path(
        "clients/<int:client_id>/demographics/",
        registration.demographics_edit,
        name="demographics_edit",
    ),
    path("clients/<int:client_id>/contacts/", registration.contacts, name="contacts"),
    path("clients/<int:client_id>/contacts/new/", registration.contact_new, name="contact_new"),
    path(
        "clients/<int:client_id>/contacts/<int:contact_id>/",
        registration.contact_edit,
        name="contact_edit",
    ),
    path(
        "clients/<int:client_id>/contacts/<int:contact_id>/remove/",
        registration.contact_remove,
        name="contact_remove",
    ),
    path("clients/<int:client_id>/care-team/", care_team.care_team_page, name="care_team"),
    path("clients/<int:client_id>/care-team/add/", care_team.care_team_add, name="care_team_add"),
    path(
        "clients/<int:client_id>/care-team/primary/",
        care_team.care_team_primary,
        name="care_team_primary",
    ),
    path(
        "clients/<int:client_id>/care-team/<int:team_member_id>/remove/",
        care_team.care_team_remove,
        name="care_team_remove",
    ),
    path("clients/<int:client_id>/coverage/", registration.coverage, name="coverage"),
    path("clients/<int:client_id>/coverage/new/", registration.coverage_new, name="coverage_new"),
    path(
        "clients/<int:client_id>/coverage/<int:coverage_id>/",
        registration.coverage_edit,
        name="coverage_edit",
    ),
    path(
        "clients/<int:client_id>/coverage/<int:coverage_id>/end/",
        registration.coverage_end,
        name="coverage_end",
    ),
    path("clients/<int:client_id>/diagnoses/", clinical.diagnoses, name="diagnoses"),
    path("clients/<int:client_id>/diagnoses/new/", clinical.diagnosis_new, name="diagnosis_new"),
    path(
        "clients/<int:client_id>/diagnoses/<int:diagnosis_id>/",
        clinical.diagnosis_edit,
        name="diagnosis_edit",
    ),
    path("clients/<int:client_id>/episodes/", clinical.episodes, name="episodes"),
    path(
        "clients/<int:client_id>/episodes/<int:episode_id>/change/",
        clinical.episode_change,
        name="episode_change",
    ),
    path(
        "clients/<int:client_id>/episodes/<int:episode_id>/discharge/",
        clinical.episode_discharge,
        name="episode_discharge",
    ),
    path(
        "clients/<int:client_id>/episodes/<int:episode_id>/packet/",
        clinical.discharge_packet,
        name="discharge_packet",
    ),
]
