from django.urls import path

from cairn.portal.views import checkin, home, join, plan, staff

app_name = "portal"
urlpatterns = [
    path("portal/", home.home, name="home"),
    path("portal/language/", home.language, name="language"),
    path("portal/join/", join.join, name="join"),
    path("portal/check-in/", checkin.checkin, name="checkin"),
    path("portal/plan/", plan.plan, name="plan"),
    path("portal/plan/wallet-card.pdf", plan.wallet_card, name="wallet_card"),
    # Staff side: the chart's Portal tab
    path("clients/<int:client_id>/portal/", staff.chart_tab, name="chart_tab"),
    path("clients/<int:client_id>/portal/invite/", staff.invite, name="invite"),
    path(
        "clients/<int:client_id>/portal/suggestions/<int:suggestion_id>/",
        staff.decide_suggestion,
        name="decide_suggestion",
    ),
]
