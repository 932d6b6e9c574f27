"""Rate limits of the API: per person, and per client address for requests without a person.

The rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (`API_THROTTLE_USER`,
`API_THROTTLE_ANON`), read on every request so a changed setting applies at once. The counts
live in the configured cache (Redis, or the file cache of a single machine), so every worker of
the portal counts the same requests. The client's address is the one the audit log records,
behind the trusted proxies.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.audit.services import client_address

RATE = re.compile(r"^(?P<count>[1-9][0-9]*)/(?P<period>s|sec|second|m|min|minute|h|hour|d|day)$")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    """`"300/min"` as (300, 60); None means no limit. ImproperlyConfigured for anything else."""
    if rate is None:
        return (None, None)
    match = RATE.match(str(rate).strip())
    if match is None:
        raise ImproperlyConfigured(
            f"An API rate limit reads like 300/min (per s, min, hour or day), not {rate!r}."
        )
    return (int(match["count"]), SECONDS[match["period"][0]])


class PortalRateThrottle:
    def get_rate(self):
        # Read now, not when the class was defined, so settings changed later apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate):
        return parse_rate(rate)

    def get_ident(self, request):
        return client_address(request) or "unknown"

    def wait(self):
        # DRF gives no wait when more requests were counted than the rate allows (a rate
        # lowered meanwhile); a refusal still says when to come back.
        wait = super().wait()
        return wait if wait is not None else self.duration


class PersonThrottle(PortalRateThrottle, UserRateThrottle):
    """Each signed-in person (whichever token or session they use) at the `user` rate."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # ClientThrottle counts these
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class ClientThrottle(PortalRateThrottle, AnonRateThrottle):
    """Each client address, for requests without a signed-in person, at the `anon` rate."""

    scope = "anon"
