from django.urls import path

from cairn.portal.views import checkin, home, plan

app_name = "portal"
urlpatterns = [
    path("portal/", home.home, name="home"),
    path("portal/language/", home.language, name="language"),
    path("portal/check-in/", checkin.checkin, name="checkin"),
    path("portal/plan/", plan.plan, name="plan"),
]
