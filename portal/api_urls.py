"""The REST API (under /api/): version 1, its OpenAPI schema, and the documentation pages.

The documentation is served from the portal itself (drf-spectacular-sidecar), so nothing is
loaded from the internet.
"""

from csp.decorators import csp_replace
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from portal.api.errors import not_found

v1 = [
    path("", include("accommodations.api.urls")),
    path("", include("letters.api.urls")),
    path("notifications/", include("portal.notifications.api.urls")),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so no inline script runs.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    # ReDoc writes its styles into the page as it draws it and searches in a worker it makes from
    # a blob: only its page may use inline styles and blob workers.
    path(
        "redoc/",
        csp_replace(
            {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}
        )(SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")),
        name="api-redoc",
    ),
    re_path(r"", not_found),
]
