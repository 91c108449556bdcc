from django.urls import path

from cairn.scheduling import (
    views_calendar,
    views_client,
    views_config,
    views_feeds,
    views_plan,
    views_sessions,
)

app_name = "scheduling"
urlpatterns = [
    # Calendars
    path("schedule/", views_calendar.schedule_home, name="home"),
    path("schedule/mine/", views_calendar.my_week, name="my_week"),
    path("schedule/staff/<int:user_id>/", views_calendar.staff_week, name="staff_week"),
    path("schedule/rooms/<int:room_id>/", views_calendar.room_week, name="room_week"),
    path("schedule/tracks/<int:track_id>/", views_calendar.track_week, name="track_week"),
    # Sessions by hand
    path("schedule/sessions/new/", views_sessions.session_new, name="session_new"),
    path(
        "schedule/sessions/<int:session_id>/", views_calendar.session_detail, name="session_detail"
    ),
    path(
        "schedule/sessions/<int:session_id>/edit/", views_sessions.session_edit, name="session_edit"
    ),
    path(
        "schedule/sessions/<int:session_id>/cancel/",
        views_sessions.session_cancel,
        name="session_cancel",
    ),
    path(
        "schedule/sessions/<int:session_id>/book/",
        views_sessions.session_book,
        name="session_book",
    ),
    path(
        "schedule/sessions/<int:session_id>/unbook/<int:client_id>/",
        views_sessions.session_unbook,
        name="session_unbook",
    ),
    # Weekly plans
    path("schedule/plan/", views_plan.plan_week, name="plan_week"),
    path("schedule/plan/instance.json", views_plan.week_instance, name="week_instance"),
    path("schedule/plans/<int:plan_id>/", views_plan.plan_detail, name="plan_detail"),
    path("schedule/plans/<int:plan_id>/status/", views_plan.plan_status, name="plan_status"),
    path("schedule/plans/<int:plan_id>/approve/", views_plan.plan_approve, name="plan_approve"),
    path(
        "schedule/plans/<int:plan_id>/instance.json",
        views_plan.plan_instance,
        name="plan_instance",
    ),
    # Configuration
    path("schedule/settings/", views_config.settings_home, name="settings"),
    path("schedule/settings/tracks/", views_config.track_list, name="tracks"),
    path("schedule/settings/tracks/new/", views_config.track_edit, name="track_new"),
    path("schedule/settings/tracks/<int:track_id>/", views_config.track_edit, name="track_edit"),
    path("schedule/settings/groups/", views_config.group_list, name="groups"),
    path("schedule/settings/groups/new/", views_config.group_edit, name="group_new"),
    path(
        "schedule/settings/groups/catalog/",
        views_config.group_load_catalog,
        name="group_load_catalog",
    ),
    path(
        "schedule/settings/groups/<int:group_type_id>/",
        views_config.group_edit,
        name="group_edit",
    ),
    path("schedule/settings/rooms/", views_config.room_list, name="rooms"),
    path("schedule/settings/rooms/new/", views_config.room_edit, name="room_new"),
    path("schedule/settings/rooms/<int:room_id>/", views_config.room_edit, name="room_edit"),
    path(
        "schedule/settings/rooms/<int:room_id>/closures/",
        views_config.room_closure_add,
        name="room_closure_add",
    ),
    path(
        "schedule/settings/closures/<int:closure_id>/delete/",
        views_config.room_closure_delete,
        name="room_closure_delete",
    ),
    path("schedule/settings/staff/", views_config.staff_list, name="staff"),
    path("schedule/settings/staff/<int:user_id>/", views_config.staff_edit, name="staff_edit"),
    path(
        "schedule/settings/staff/<int:user_id>/hours/",
        views_config.staff_hours_add,
        name="staff_hours_add",
    ),
    path(
        "schedule/settings/staff/<int:user_id>/time-off/",
        views_config.staff_time_off_add,
        name="staff_time_off_add",
    ),
    path(
        "schedule/settings/hours/<int:availability_id>/delete/",
        views_config.staff_hours_delete,
        name="staff_hours_delete",
    ),
    path(
        "schedule/settings/time-off/<int:time_off_id>/delete/",
        views_config.staff_time_off_delete,
        name="staff_time_off_delete",
    ),
    path("schedule/keep-apart/", views_config.keep_apart_list, name="keep_apart"),
    path(
        "schedule/keep-apart/<int:pair_id>/end/",
        views_config.keep_apart_end,
        name="keep_apart_end",
    ),
    # A client's schedule (chart tab)
    path("clients/<int:client_id>/schedule/", views_client.client_schedule, name="client_schedule"),
    path(
        "clients/<int:client_id>/schedule/unavailability/",
        views_client.unavailability_add,
        name="unavailability_add",
    ),
    path(
        "clients/<int:client_id>/schedule/unavailability/<int:unavailability_id>/delete/",
        views_client.unavailability_delete,
        name="unavailability_delete",
    ),
    path("clients/<int:client_id>/schedule/needs/", views_client.needs_save, name="needs_save"),
    path(
        "clients/<int:client_id>/schedule/makeup/<int:session_id>/",
        views_client.makeup_book,
        name="makeup_book",
    ),
    path("clients/<int:client_id>/schedule/feed/", views_client.client_feed, name="client_feed"),
    # Calendar feeds
    path("schedule/feed/", views_feeds.my_feed, name="my_feed"),
    path("calendar/<str:token>.ics", views_feeds.feed, name="feed"),
]
