"""The REST API (under /api/): version 1, its OpenAPI schema, and the documentation pages.

The documentation is served from the portal itself (drf-spectacular-sidecar), so nothing is
loaded from the internet.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from portal.api.errors import not_found

v1 = [
    path("", include("accommodations.api.urls")),
    path("", include("letters.api.urls")),
    path("notifications/", include("portal.notifications.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
    re_path(r"", not_found),
]
