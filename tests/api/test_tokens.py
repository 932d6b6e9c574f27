"""Personal API tokens: made and revoked on the profile page, shown once, kept as a hash."""

import hashlib
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.api.models import ApiToken
from portal.audit.models import AuditEvent
from tests.api.conftest import url


def make_token(client, name="Records sync", days=90) -> str:
    response = client.post(reverse("api:tokens"), {"name": name, "lifetime_days": days})
    assert response.status_code == 200
    return response.context["issued"].secret


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_token_page_lives_under_the_profile(client_of, guardian):
    assert reverse("api:tokens") == "/profile/tokens/"
    response = client_of(guardian).get(reverse("api:tokens"))
    assert response.status_code == 200
    assert "You have no API tokens." in response.content.decode()


def test_the_token_page_asks_strangers_to_sign_in(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_kept_only_as_a_hash(client_of, guardian):
    client = client_of(guardian)
    response = client.post(reverse("api:tokens"), {"name": "Records sync", "lifetime_days": 30})
    secret = response.context["issued"].secret
    assert secret.startswith("ppt_") and len(secret) > 40
    assert secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")

    token = ApiToken.objects.get(user=guardian)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(secret in value for value in stored)
    assert secret.startswith(token.prefix)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)

    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert AuditEvent.objects.filter(actor=guardian, action="api_token.created").count() == 1


def test_a_token_needs_a_name_and_a_lifetime_from_the_list(client_of, guardian):
    client = client_of(guardian)
    response = client.post(reverse("api:tokens"), {"name": "  ", "lifetime_days": 90})
    assert response.context["issued"] is None
    response = client.post(reverse("api:tokens"), {"name": "Sync", "lifetime_days": 5000})
    assert response.context["issued"] is None
    assert not ApiToken.objects.exists()


def test_the_token_acts_as_its_owner_and_notes_when_it_was_used(client_of, guardian, student):
    secret = make_token(client_of(guardian))
    response = bearer(secret).get(url("students/"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [student.pk]
    assert ApiToken.objects.get(user=guardian).last_used_at is not None


def test_a_revoked_token_stops_working_at_once(client_of, guardian):
    client = client_of(guardian)
    secret = make_token(client)
    token = ApiToken.objects.get(user=guardian)
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302

    refused = bearer(secret).get(url("students/"))
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Revoked" in client.get(reverse("api:tokens")).content.decode()
    assert AuditEvent.objects.filter(actor=guardian, action="api_token.revoked").count() == 1


def test_an_expired_token_answers_401(client_of, guardian):
    secret = make_token(client_of(guardian))
    ApiToken.objects.update(
        created_at=timezone.now() - timedelta(days=100), expires_at=timezone.now() - timedelta(1)
    )
    assert bearer(secret).get(url("students/")).status_code == 401


def test_a_token_of_a_deactivated_account_answers_401(client_of, guardian):
    secret = make_token(client_of(guardian))
    guardian.is_active = False
    guardian.save(update_fields=["is_active"])
    assert bearer(secret).get(url("students/")).status_code == 401


def test_nobody_revokes_someone_elses_token(client_of, guardian, other_guardian):
    secret = make_token(client_of(guardian))
    token = ApiToken.objects.get(user=guardian)
    response = client_of(other_guardian).post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert bearer(secret).get(url("students/")).status_code == 200


def test_requests_without_credentials_or_with_a_wrong_token_answer_401(db):
    anonymous = APIClient().get(url("students/"))
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "field_errors": {},
    }
    assert bearer("ppt_not-a-real-token").get(url("students/")).status_code == 401
    spaced = APIClient()
    spaced.credentials(HTTP_AUTHORIZATION="Bearer two words")
    assert spaced.get(url("students/")).status_code == 401


def test_the_portal_pages_use_the_api_with_their_session_and_csrf_protection(guardian, student):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(guardian)
    assert client.get(url(f"students/{student.pk}/")).status_code == 200
    refused = client.post(url(f"students/{student.pk}/checkins/"), {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert "CSRF" in refused.json()["detail"]
