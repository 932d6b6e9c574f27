"""Middleware of the portal's own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def no_store(get_response: Callable[[HttpRequest], HttpResponse]):
    """Tell browsers and proxies to keep no copy of any page or API answer: most carry a
    student's data, and the rest (sign-in, share and invitation pages) carry tokens or forms.
    Static files never reach this: WhiteNoise answers them first, with their own caching."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response

    return middleware
