"""Second factors: required of clinic staff and clinic administrators, offered to everyone else.

`new_clinician` and `new_org_admin` have no second factor yet; every other clinician persona
has an authenticator app (tests.factories.TOTP_SECRET).
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from portal.api import tokens
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from tests import factories

SETUP = reverse("mfa_index")
ACTIVATE = reverse("mfa_activate_totp")
DEACTIVATE = reverse("mfa_deactivate_totp")
LOGIN = reverse("account_login")
MFA_SIGN_IN = reverse("mfa_authenticate")


def sign_in_with_password(user, password=factories.PASSWORD) -> Client:
    client = Client()
    response = client.post(LOGIN, {"login": user.email, "password": password})
    assert response.status_code == 302
    return client


def sign_in_fully(user) -> Client:
    client = sign_in_with_password(user)
    response = client.post(MFA_SIGN_IN, {"code": factories.totp_code()})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def set_up_totp(client) -> None:
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    response = client.post(ACTIVATE, {"code": factories.totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")


# Who must have one ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["new_clinician", "new_org_admin"])
def test_clinic_staff_without_a_second_factor_are_sent_to_set_one_up_on_every_page(
    who, request, client_of, student
):
    client = client_of(request.getfixturevalue(who))
    for url in [
        reverse("home"),
        reverse("accommodations:caseload"),
        reverse("accommodations:student", args=[student.pk]),
        reverse("accounts:profile"),
        reverse("accounts:invitations"),
        reverse("api:tokens"),
        reverse("audit:events"),
        "/admin/",
    ]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, SETUP), url
    assert client.post(reverse("accounts:profile"), {"full_name": "X"})["Location"] == SETUP


def test_the_set_up_page_tells_clinic_staff_why_and_offers_both_kinds(client_of, new_clinician):
    page = client_of(new_clinician).get(SETUP)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Set up a second factor to continue" in text
    assert ACTIVATE in text
    assert reverse("mfa_add_webauthn") in text


def test_while_setting_up_sign_out_the_api_and_static_files_stay_open(
    client_of, new_clinician, student
):
    client = client_of(new_clinician)
    token = tokens.issue_token(user=new_clinician, name="Sync", lifetime_days=30).secret

    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/students/").status_code == 200
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(reverse("account_email")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out: to the sign-in page
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_is_told_to_go_to_the_set_up_page(client_of, new_clinician):
    response = client_of(new_clinician).get(
        reverse("accommodations:caseload"), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == SETUP


def test_a_clinician_sets_up_an_authenticator_app_right_after_signing_in(
    new_clinician, django_capture_on_commit_callbacks
):
    client = sign_in_with_password(new_clinician)
    assert client.get(reverse("home"))["Location"] == SETUP

    with django_capture_on_commit_callbacks(execute=True):
        set_up_totp(client)  # no second password: they signed in a moment ago

    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    assert "continue to the portal" in codes.content.decode()
    assert client.get(reverse("accommodations:caseload")).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.MFA_ENABLED)
    assert (event.actor, event.extra) == (new_clinician, {"type": "totp"})


def test_setting_up_long_after_signing_in_asks_for_the_password_first(client_of, new_org_admin):
    client = client_of(new_org_admin)  # no sign-in this session

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(
        response["Location"], {"password": factories.PASSWORD, "next": ACTIVATE}
    )
    assert confirmed["Location"] == ACTIVATE
    set_up_totp(client)
    assert client.get(reverse("audit:events")).status_code == 200


def test_a_wrong_code_does_not_set_up_the_app(new_clinician):
    client = sign_in_with_password(new_clinician)
    client.get(ACTIVATE)

    response = client.post(ACTIVATE, {"code": "12345"})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=new_clinician).exists()
    assert client.get(reverse("accommodations:caseload"))["Location"] == SETUP


def test_clinic_staff_with_a_second_factor_are_not_stopped(client_of, psychologist, org_admin):
    assert client_of(psychologist).get(reverse("accommodations:caseload")).status_code == 200
    assert client_of(org_admin).get(reverse("audit:events")).status_code == 200


# Offered to everyone else ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["guardian", "nurse", "school_admin"])
def test_families_and_school_staff_are_not_required_to_set_one_up(who, request, client_of):
    client = client_of(request.getfixturevalue(who))

    assert client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("home")).get("Location") != SETUP
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert SETUP in profile
    assert re.search(r"Second factor \(authenticator app or security key\)</a>\s*<span", profile)


def test_the_profile_links_clinic_staff_to_their_second_factor(client_of, psychologist):
    profile = client_of(psychologist).get(reverse("accounts:profile")).content.decode()

    assert f'href="{SETUP}"' in profile


def test_a_parent_may_set_one_up_and_then_signs_in_with_it(guardian):
    client = sign_in_with_password(guardian)
    set_up_totp(client)
    client.post(reverse("account_logout"))

    client = sign_in_with_password(guardian)
    assert client.get(reverse("home")).status_code == 302
    page = client.get(MFA_SIGN_IN)
    assert page.status_code == 200


def test_a_parent_may_turn_theirs_off(guardian):
    factories.give_second_factor(guardian)
    client = sign_in_fully(guardian)

    response = client.post(DEACTIVATE)

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=guardian).exists()
    event = AuditEvent.objects.get(action=AuditAction.MFA_DISABLED)
    assert (event.actor, event.extra) == (guardian, {"type": "totp"})


def test_clinic_staff_cannot_turn_off_their_only_second_factor(psychologist):
    client = sign_in_fully(psychologist)

    page = client.get(DEACTIVATE)
    response = client.post(DEACTIVATE)

    assert "Clinic staff must keep a second factor" in page.content.decode()
    assert "Clinic staff must keep a second factor" in response.content.decode()
    assert Authenticator.objects.filter(user=psychologist, type="totp").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_DISABLED).exists()


def test_the_security_key_page_refuses_to_remove_clinic_staffs_only_key(client_of, new_clinician):
    key = Authenticator.objects.create(
        user=new_clinician, type=Authenticator.Type.WEBAUTHN, data={"name": "Desk key"}
    )
    client = client_of(new_clinician)
    remove = reverse("mfa_remove_webauthn", args=[key.pk])
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})

    page = client.get(remove)

    assert page.status_code == 200
    assert "Clinic staff must keep a second factor" in page.content.decode()
    assert "Remove the key" not in page.content.decode()


# Signing in with it ---------------------------------------------------------------------------


def test_clinic_staff_sign_in_with_their_password_and_then_a_code(psychologist):
    client = sign_in_with_password(psychologist)
    assert client.get(reverse("accommodations:caseload")).status_code == 302  # not signed in yet
    page = client.get(MFA_SIGN_IN)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    wrong = client.post(MFA_SIGN_IN, {"code": factories.totp_code(steps_ahead=40)})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    failed = AuditEvent.objects.get(action=AuditAction.MFA_FAILED)
    assert failed.actor == psychologist
    assert factories.totp_code(steps_ahead=40) not in str(failed.extra)

    right = client.post(MFA_SIGN_IN, {"code": factories.totp_code()})
    assert right.status_code == 302
    assert client.get(reverse("accommodations:caseload")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor=psychologist).exists()


def test_a_recovery_code_signs_in_once(psychologist):
    code = (
        Authenticator.objects.get(user=psychologist, type="recovery_codes")
        .wrap()
        .get_unused_codes()[0]
    )
    client = sign_in_with_password(psychologist)
    assert client.post(MFA_SIGN_IN, {"code": code}).status_code == 302

    again = sign_in_with_password(psychologist)
    assert again.post(MFA_SIGN_IN, {"code": code}).status_code == 200


def test_the_sign_in_page_offers_a_passkey_and_loads_no_inline_script(client):
    page = client.get(LOGIN)
    text = page.content.decode()

    assert "Sign in with a passkey" in text
    assert 'id="mfa_login"' in text
    for script in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in script or 'type="application/json"' in script, script
    assert "script-src 'self'" in page["Content-Security-Policy"]
