"""Slowing down anyone who guesses share tokens or verification codes, per client address.

Misses are counted in the shared cache for a window, per client address (as
portal.audit.services.client_address names it behind trusted proxies). Past the limit a miss
from that address answers "too many attempts" until the window ends. A real token or code
always opens, for everyone, so a guesser cannot lock other people out of their letters; the
tokens (256 bits) and codes (60 bits) are far too large for a guess to land.
"""

from django.core.cache import cache

from portal.audit.services import client_address

WINDOW_SECONDS = 15 * 60
LIMITS = {"share": 10, "verify": 30}


def _key(bucket: str, request) -> str:
    return f"letters:misses:{bucket}:{client_address(request) or 'unknown'}"


def is_blocked(bucket: str, request) -> bool:
    return (cache.get(_key(bucket, request)) or 0) >= LIMITS[bucket]


def record_miss(bucket: str, request) -> None:
    key = _key(bucket, request)
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
