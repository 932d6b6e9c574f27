"""The portal's URLs, with the token pages at /profile/tokens/ if the portal does not route
them yet."""

from django.urls import NoReverseMatch, include, path, reverse

import portal.urls

urlpatterns = list(portal.urls.urlpatterns)
try:
    reverse("api:tokens", urlconf=portal.urls)
except NoReverseMatch:
    urlpatterns.insert(0, path("profile/tokens/", include("portal.api.urls")))
