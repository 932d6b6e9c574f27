from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from portal import views

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

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
