import pytest
from rest_framework.test import APIClient

from portal.api import tokens


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    # The personas sign in with passwords; a slow hasher would dominate these tests' time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def token_for():
    """A fresh personal API token's secret for the given user."""

    def issue(user, *, lifetime_days: int = 90) -> str:
        return tokens.issue_token(user=user, name="Test sync", lifetime_days=lifetime_days).secret

    return issue


@pytest.fixture
def api_as(token_for):
    """An API client that sends the given user's personal token, as an integration does."""

    def client_for(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return client_for


def url(path: str) -> str:
    return "/api/v1/" + path.lstrip("/")
