"""Signing asks the signer to confirm it is them, on the page and through the API, with their
password or a code from their second factor, and locks after five wrong answers in a row."""

import logging
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from rest_framework.test import APIClient

from letters.models import Letter
from portal.accounts import identity
from portal.api import tokens
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from tests import factories
from tests.letters.conftest import PASSWORD

WRONG = "not-my-password"


def sign_url(letter) -> str:
    return reverse("letters:letter_sign", args=[letter.student_id, letter.id])


def api_sign_path(letter) -> str:
    return f"/api/v1/students/{letter.student_id}/letters/{letter.id}/sign/"


@pytest.fixture
def stolen_token_client(psychologist):
    """An API client with the psychologist's personal token, as whoever holds it would have."""
    secret = tokens.issue_token(user=psychologist, name="Records sync", lifetime_days=30).secret
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def wrong_code() -> str:
    # Far from the steps the app's clock may be on, so it is never accepted by chance.
    return factories.totp_code(steps_ahead=40)


def is_draft(letter) -> bool:
    return Letter.objects.get(pk=letter.pk).status == Letter.Status.DRAFT


def test_the_api_refuses_to_sign_without_a_password_or_code(stolen_token_client, draft, profile):
    response = stolen_token_client.post(api_sign_path(draft), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()["field_errors"]) == ["password"]
    assert is_draft(draft)


def test_the_api_signs_with_the_code_the_authenticator_app_shows(
    stolen_token_client, draft, profile
):
    response = stolen_token_client.post(
        api_sign_path(draft), {"code": factories.totp_code()}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "signed"


def test_a_wrong_code_is_refused_and_audited(stolen_token_client, draft, profile, psychologist):
    response = stolen_token_client.post(api_sign_path(draft), {"code": wrong_code()}, format="json")

    assert response.status_code == 400
    assert list(response.json()["field_errors"]) == ["code"]
    event = AuditEvent.objects.get(action=AuditAction.REAUTH_FAILED)
    assert event.actor == psychologist
    assert event.extra == {"method": "code"}
    assert is_draft(draft)


def test_a_code_already_used_cannot_sign_again(stolen_token_client, draft, profile, psychologist):
    code = factories.totp_code()
    totp = Authenticator.objects.get(user=psychologist, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(code)  # used to sign in a moment ago

    response = stolen_token_client.post(api_sign_path(draft), {"code": code}, format="json")

    assert response.status_code == 400
    assert is_draft(draft)


def test_a_recovery_code_signs_once(client_of, psychologist, draft, profile):
    codes = (
        Authenticator.objects.get(user=psychologist, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    response = client_of(psychologist).post(sign_url(draft), {"code": codes[0]})

    assert response.status_code == 302
    assert not is_draft(draft)
    recovery = Authenticator.objects.get(user=psychologist, type=Authenticator.Type.RECOVERY_CODES)
    assert codes[0] not in recovery.wrap().get_unused_codes()


def test_a_password_and_a_code_together_are_refused(stolen_token_client, draft, profile):
    response = stolen_token_client.post(
        api_sign_path(draft), {"password": PASSWORD, "code": factories.totp_code()}, format="json"
    )

    assert response.status_code == 400
    assert is_draft(draft)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_until_the_lockout_ends(
    stolen_token_client, draft, profile, monkeypatch
):
    answers = [
        stolen_token_client.post(api_sign_path(draft), {"password": WRONG}, format="json")
        for _ in range(identity.FAILURE_LIMIT)
    ]
    assert [answer.status_code for answer in answers] == [400, 400, 400, 400, 429]
    assert int(answers[-1]["Retry-After"]) == identity.LOCKOUT_SECONDS

    right = stolen_token_client.post(api_sign_path(draft), {"password": PASSWORD}, format="json")
    assert right.status_code == 429
    assert right.json()["code"] == "throttled"
    assert "locked" in right.json()["detail"]
    assert is_draft(draft)

    later = time.time() + identity.LOCKOUT_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    after_the_lockout = stolen_token_client.post(
        api_sign_path(draft), {"password": PASSWORD}, format="json"
    )
    assert after_the_lockout.status_code == 200
    assert not is_draft(draft)


def test_a_stolen_token_cannot_guess_its_way_to_a_signature(stolen_token_client, draft, profile):
    # Before the limit, 26 wrong passwords got 400 each and the 27th, right one signed.
    statuses = [
        stolen_token_client.post(
            api_sign_path(draft), {"password": f"guess-{n}"}, format="json"
        ).status_code
        for n in range(26)
    ]
    right = stolen_token_client.post(api_sign_path(draft), {"password": PASSWORD}, format="json")

    assert statuses[:4] == [400] * 4
    assert set(statuses[4:]) == {429}
    assert right.status_code == 429
    assert is_draft(draft)


def test_codes_and_passwords_share_one_count(stolen_token_client, draft, profile):
    for answer in ({"password": WRONG}, {"code": wrong_code()}) * 2:
        response = stolen_token_client.post(api_sign_path(draft), answer, format="json")
        assert response.status_code == 400
    fifth = stolen_token_client.post(api_sign_path(draft), {"code": wrong_code()}, format="json")
    assert fifth.status_code == 429
    code = stolen_token_client.post(
        api_sign_path(draft), {"code": factories.totp_code()}, format="json"
    )
    assert code.status_code == 429


def test_the_page_and_the_api_count_together(client_of, psychologist, stolen_token_client, draft):
    page = client_of(psychologist)
    for _ in range(3):
        page.post(sign_url(draft), {"password": WRONG})
    for _ in range(2):
        stolen_token_client.post(api_sign_path(draft), {"password": WRONG}, format="json")

    assert identity.seconds_locked(psychologist) > 0


def test_a_right_answer_clears_the_count(psychologist, draft):
    for _ in range(identity.FAILURE_LIMIT - 1):
        with pytest.raises(identity.IdentityNotConfirmed):
            identity.confirm_identity(user=psychologist, password=WRONG)
    identity.confirm_identity(user=psychologist, password=PASSWORD)
    with pytest.raises(identity.IdentityNotConfirmed) as refused:
        identity.confirm_identity(user=psychologist, password=WRONG)

    assert not isinstance(refused.value, identity.ConfirmationLocked)


def test_the_lockout_is_for_that_signer_only(psychologist, clinic):
    colleague = factories.ClinicianFactory(organization=clinic)
    for _ in range(identity.FAILURE_LIMIT):
        with pytest.raises(identity.IdentityNotConfirmed):
            identity.confirm_identity(user=psychologist, password=WRONG)

    assert identity.seconds_locked(psychologist) > 0
    assert identity.confirm_identity(user=colleague, password=factories.PASSWORD) == "password"


def test_every_failure_is_audited_against_the_letter_and_never_holds_the_secret(
    stolen_token_client, client_of, psychologist, draft, profile, student, caplog
):
    caplog.set_level(logging.DEBUG)
    client_of(psychologist).post(sign_url(draft), {"password": WRONG})
    stolen_token_client.post(api_sign_path(draft), {"password": WRONG}, format="json")
    code = wrong_code()
    stolen_token_client.post(api_sign_path(draft), {"code": code}, format="json")
    for _ in range(2):
        stolen_token_client.post(api_sign_path(draft), {"password": WRONG}, format="json")
    stolen_token_client.post(api_sign_path(draft), {"password": PASSWORD}, format="json")

    events = AuditEvent.objects.filter(action=AuditAction.REAUTH_FAILED).order_by("id")
    assert events.count() == 6
    for event in events:
        assert event.actor == psychologist
        assert event.student == student
        assert (event.target_type, event.target_id) == ("letters.letter", str(draft.pk))
        for secret in (WRONG, PASSWORD, code):
            assert secret not in str(event.extra)
    assert [event.extra.get("locked", False) for event in events] == [False] * 4 + [True] * 2
    for secret in (WRONG, PASSWORD, code):
        assert secret not in caplog.text


def test_the_sign_page_offers_a_code_to_those_with_an_authenticator_app(
    client_of, psychologist, draft, profile
):
    page = client_of(psychologist).get(sign_url(draft)).content.decode()

    assert 'type="password"' in page
    assert 'name="code"' in page
    assert 'autocomplete="one-time-code"' in page
    assert "Or a code from your authenticator app" in page
    assert "(optional)" not in page


def test_the_sign_page_asks_only_for_the_password_without_a_code_factor(
    client_of, student, psychologist, draft, profile
):
    Authenticator.objects.filter(user=psychologist).exclude(type="webauthn").delete()
    Authenticator.objects.create(user=psychologist, type="webauthn", data={})
    page = client_of(psychologist).get(sign_url(draft)).content.decode()

    assert 'type="password"' in page
    assert 'name="code"' not in page


def test_the_sign_page_signs_with_a_code(client_of, psychologist, draft, profile):
    response = client_of(psychologist).post(sign_url(draft), {"code": factories.totp_code()})

    assert response.status_code == 302
    assert not is_draft(draft)


def test_the_sign_page_says_clearly_when_signing_is_locked(client_of, psychologist, draft, profile):
    client = client_of(psychologist)
    for _ in range(identity.FAILURE_LIMIT - 1):
        assert client.post(sign_url(draft), {"password": WRONG}).status_code == 200
    locked = client.post(sign_url(draft), {"password": WRONG})
    right = client.post(sign_url(draft), {"password": PASSWORD})
    again = client.get(sign_url(draft))

    assert locked.status_code == 429
    assert "signing is locked for 15 more minutes" in locked.content.decode()
    assert right.status_code == 429
    assert "signing is locked" in right.content.decode()
    assert 'role="alert"' in right.content.decode()
    assert "signing is locked for 15 more minutes" in again.content.decode()
    assert is_draft(draft)


def test_a_missing_answer_on_the_page_is_a_form_error_not_a_failure(
    client_of, psychologist, draft, profile
):
    response = client_of(psychologist).post(sign_url(draft), {"password": "", "code": ""})

    assert response.status_code == 200
    assert "Enter your password, or a code from your authenticator app." in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(action=AuditAction.REAUTH_FAILED).exists()
