"""Middleware of the portal's own."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from portal.accounts import second_factors


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


class SecondFactorRequired:
    """Until clinic staff or a clinic administrator has an authenticator app or a security key,
    every page sends them to set one up (see portal.accounts.second_factors).

    Open meanwhile: the set-up pages themselves, confirming the password they ask for, the
    e-mail pages (a second factor needs a verified address), signing out, and the API, whose
    personal tokens are made on a profile page that stays closed until then. Static files never
    reach this: WhiteNoise answers them first.
    """

    OPEN_URL_NAMES = frozenset(
        {
            "account_logout",
            "account_reauthenticate",
            "account_email",
            "account_confirm_email",
            "health",
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_have_second_factor:
            return None
        if self._is_open(request):
            return None
        if second_factors.has_second_factor(user):
            return None
        setup_url = reverse("mfa_index")
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = setup_url
            return response
        return redirect(setup_url)

    def _is_open(self, request: HttpRequest) -> bool:
        path = request.path_info
        if path.startswith("/api/") or path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        match = request.resolver_match
        name = match.url_name if match is not None else None
        return bool(name) and (name.startswith("mfa_") or name in self.OPEN_URL_NAMES)
