from django.urls import path

from cairn.accounts import views, views_users

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/mfa/", views.mfa_verify, name="mfa_verify"),
    path("accounts/mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("accounts/session/", views.session_status, name="session_status"),
    path("accounts/session/extend/", views.session_extend, name="session_extend"),
    path("accounts/me/", views.profile, name="profile"),
    path("accounts/me/password/", views.password_change, name="password_change"),
    path("accounts/program/", views.switch_program, name="switch_program"),
    path("accounts/emergency-access/", views.break_glass, name="break_glass"),
    path("accounts/emergency-access/report/", views.break_glass_report, name="break_glass_report"),
    path(
        "accounts/emergency-access/<int:grant_id>/review/",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path("accounts/users/", views_users.user_list, name="user_list"),
    path("accounts/users/new/", views_users.user_create, name="user_create"),
    path("accounts/users/<int:user_id>/", views_users.user_detail, name="user_detail"),
    path("accounts/users/<int:user_id>/edit/", views_users.user_edit, name="user_edit"),
    path(
        "accounts/users/<int:user_id>/password/",
        views_users.user_set_password,
        name="user_set_password",
    ),
    path(
        "accounts/users/<int:user_id>/reset-mfa/", views_users.user_reset_mfa, name="user_reset_mfa"
    ),
    path(
        "accounts/users/<int:user_id>/credentials/",
        views_users.credential_add,
        name="credential_add",
    ),
]
