from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal import views

# The admin signs in through allauth, so its rate limits and lockout apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("portal.accounts.urls")),
    path("profile/tokens/", include("portal.api.urls")),
    path("audit/", include("portal.audit.urls")),
    path("", include("accommodations.urls")),
    path("", include("letters.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("api/", include("portal.api_urls")),
]
