from django.urls import path

from cairn.medications.views import medications, recovery, screens

app_name = "medications"
urlpatterns = [
    path("clients/<int:client_id>/medications/", medications.chart, name="chart"),
    path("clients/<int:client_id>/medications/add/", medications.add, name="add"),
    path("medications/<int:medication_id>/change/", medications.change, name="change"),
    path("medications/<int:medication_id>/stop/", medications.stop, name="stop"),
    path("medications/<int:medication_id>/error/", medications.error, name="error"),
    path("clients/<int:client_id>/allergies/add/", medications.allergy_add, name="allergy_add"),
    path("clients/<int:client_id>/allergies/none/", medications.allergy_none, name="allergy_none"),
    path("allergies/<int:allergy_id>/end/", medications.allergy_end, name="allergy_end"),
    path("clients/<int:client_id>/screens/", screens.screens, name="screens"),
    path("clients/<int:client_id>/screens/record/", screens.record, name="screen_record"),
    path("screens/<int:screen_id>/", screens.screen, name="screen"),
    path("screens/<int:screen_id>/error/", screens.screen_error, name="screen_error"),
    path("screen-results/<int:result_id>/classify/", screens.classify, name="classify"),
    path("clients/<int:client_id>/recovery/", recovery.recovery, name="recovery"),
    path("clients/<int:client_id>/adherence/", recovery.adherence, name="adherence"),
]
