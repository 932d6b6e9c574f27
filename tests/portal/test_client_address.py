"""One client address for the audit log, the sign-in limits and the guessing limits, read
through as many proxies as TRUSTED_PROXY_COUNT says and no further."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.audit.services import client_address


def request_from(remote="10.0.0.2", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_connections_own_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(forwarded="203.0.113.9")) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_saw_counts_and_the_clients_own_claims_do_not(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded="203.0.113.9")) == "203.0.113.9"
    # A client that writes its own X-Forwarded-For gets its claim ignored.
    assert client_address(request_from(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_request_that_skipped_the_proxies_or_sent_garbage_is_named_by_its_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(forwarded="203.0.113.9")) == "10.0.0.2"
    assert client_address(request_from(forwarded="not-an-address, 10.0.0.1")) == "10.0.0.2"


def test_the_audit_log_records_the_forwarded_client(settings, client_of, psychologist, student):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client_of(psychologist).get(
        reverse("accommodations:notes", args=[student.pk]),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="notes.viewed", student=student)
    assert event.ip_address == "203.0.113.9"


@pytest.fixture
def tight_login_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/ip"}


def _sign_in(client, email, password, client_ip):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_failed_sign_ins_limit_only_the_client_that_made_them(client, tight_login_limit, nurse):
    limited = "Too many failed login attempts"
    for _ in range(4):
        _sign_in(client, "guess@example.org", "wrong password", "203.0.113.9")
    assert limited in _sign_in(client, nurse.email, "x", "203.0.113.9").content.decode()

    other = _sign_in(client, nurse.email, "wrong password", "198.51.100.7")
    assert limited not in other.content.decode()
