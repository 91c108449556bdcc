from django.contrib import admin
from django.urls import include, path

from cairn.core.admin_site import protect_admin

protect_admin(admin.site)

urlpatterns = [
    path("", include("cairn.core.urls")),
    path("accounts/", include("cairn.accounts.urls")),
    path("audit/", include("cairn.audit.urls")),
    path("clients/", include("cairn.clients.urls")),
    path("admin/", admin.site.urls),
]
