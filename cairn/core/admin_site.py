"""The Django admin is for configuration only (programs, tracks, group catalog…): no
client-scoped model is ever registered there (a test enforces it), it needs Django's is_staff
flag, a staff account and the second sign-in factor."""

from django.contrib.auth.views import redirect_to_login


def protect_admin(site) -> None:
    original = site.has_permission

    def has_permission(request):
        from cairn.accounts.decorators import mfa_pending

        user = request.user
        return (
            original(request)
            and getattr(user, "kind", None) == "staff"
            and not mfa_pending(request)
        )

    def login(request, extra_context=None):
        return redirect_to_login(request.get_full_path())

    site.has_permission = has_permission
    site.login = login
    site.site_header = "Cairn configuration"
    site.site_title = "Cairn configuration"
    site.index_title = "Programs, tracks and catalogs"
