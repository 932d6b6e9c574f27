"""Rate limits: per person, and per client address for requests without valid credentials;
a 429 in the error format with `Retry-After`, counted in the configured cache."""

import os

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from portal.api import throttling
from tests.api.conftest import CONFIGURED_THROTTLE_RATES, url
from tests.api.test_errors import assert_error


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, stopped: a test's requests all fall in one instant."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttling.PortalRateThrottle, "timer", lambda self: now[0], raising=False)
    return now


def test_the_portal_runs_with_300_a_minute_per_person_and_60_per_anonymous_client():
    if os.environ.get("API_THROTTLE_USER") or os.environ.get("API_THROTTLE_ANON"):
        pytest.skip("the environment sets other rates")
    assert CONFIGURED_THROTTLE_RATES == {"user": "300/min", "anon": "60/min"}


def test_400_requests_in_a_minute_from_one_token_meet_429s(throttle_rates, api_as, guardian, clock):
    throttle_rates()  # the portal's own rates
    allowed, per = throttling.parse_rate(CONFIGURED_THROTTLE_RATES["user"])
    assert allowed < 400 and per == 60
    client = api_as(guardian)

    statuses = [client.get(url("notifications/unread-count/")).status_code for _ in range(400)]

    assert statuses[:allowed] == [200] * allowed
    assert statuses[allowed:] == [429] * (400 - allowed)
    refused = client.get(url("notifications/unread-count/"))
    assert_error(refused, 429, "throttled")
    assert 1 <= int(refused["Retry-After"]) <= 60
    clock[0] += 61
    assert client.get(url("notifications/unread-count/")).status_code == 200


def test_the_limit_is_per_person_whichever_token_they_use(
    throttle_rates, api_as, guardian, psychologist, clock
):
    throttle_rates(user="3/min")
    first, second = api_as(guardian), api_as(guardian)
    for client in (first, second, first):
        assert client.get(url("students/")).status_code == 200
    assert_error(second.get(url("students/")), 429, "throttled")
    assert api_as(psychologist).get(url("students/")).status_code == 200


def test_every_kind_of_request_counts_and_a_write_is_refused_too(
    throttle_rates, api_as, guardian, student, clock
):
    throttle_rates(user="2/min")
    client = api_as(guardian)
    assert client.get(url(f"students/{student.pk}/plan/")).status_code == 200
    assert client.put(url(f"students/{student.pk}/plan/")).status_code == 405
    refused = client.post(url(f"students/{student.pk}/checkins/"), {}, format="json")
    assert_error(refused, 429, "throttled")


def test_requests_without_credentials_are_counted_per_client_address(
    throttle_rates, settings, clock
):
    throttle_rates(anon="2/min")
    settings.TRUSTED_PROXY_COUNT = 1
    one = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.1"}
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8", "REMOTE_ADDR": "10.0.0.1"}
    client = APIClient()

    assert_error(client.get(url("students/"), **one), 401, "not_authenticated")
    assert_error(client.get(url("students/"), **one), 401, "not_authenticated")
    refused = client.get(url("students/"), **one)

    assert_error(refused, 429, "throttled")
    assert int(refused["Retry-After"]) >= 1
    assert_error(client.get(url("students/"), **other), 401, "not_authenticated")


def test_a_client_cannot_escape_its_limit_by_writing_its_own_forwarded_for(
    throttle_rates, settings, clock
):
    throttle_rates(anon="2/min")
    settings.TRUSTED_PROXY_COUNT = 1
    client = APIClient()
    for spoofed in ("198.51.100.1", "198.51.100.2"):
        # The proxy appends the real address; what the client wrote before it is not believed.
        client.get(url("students/"), HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.7")
    refused = client.get(url("students/"), HTTP_X_FORWARDED_FOR="198.51.100.3, 203.0.113.7")
    assert_error(refused, 429, "throttled")


def test_guessing_tokens_meets_the_anonymous_limit(throttle_rates, api_as, guardian, clock):
    throttle_rates(anon="3/min")
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Bearer ppt_not-a-real-token")
    for _ in range(3):
        assert_error(guesser.get(url("students/")), 401, "authentication_failed")
    assert_error(guesser.get(url("students/")), 429, "throttled")
    # Someone with a real token is counted as themselves, not by the address they share.
    assert api_as(guardian).get(url("students/")).status_code == 200


def test_the_schema_counts_towards_the_anonymous_limit(throttle_rates, clock):
    throttle_rates(anon="1/min")
    client = APIClient(HTTP_ACCEPT="application/json")
    assert client.get("/api/schema/").status_code == 200
    assert_error(client.get("/api/schema/"), 429, "throttled")


def test_the_counts_live_in_the_configured_cache(throttle_rates, api_as, guardian, clock):
    throttle_rates(user="1/min")
    client = api_as(guardian)
    assert client.get(url("students/")).status_code == 200
    assert client.get(url("students/")).status_code == 429
    cache.clear()  # another worker sharing the cache would see the same counts
    assert client.get(url("students/")).status_code == 200


def test_a_mistyped_rate_stops_the_portal_from_starting():
    for rate in ("300", "300/fortnight", "many/min", "0/min", "-5/min"):
        with pytest.raises(throttling.ImproperlyConfigured):
            throttling.parse_rate(rate)
    assert throttling.parse_rate("300/min") == (300, 60)
    assert throttling.parse_rate("10/s") == (10, 1)
    assert throttling.parse_rate("1000/day") == (1000, 86400)
