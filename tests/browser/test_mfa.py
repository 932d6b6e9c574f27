"""Second factors in Chromium at phone size: a psychologist sets up an authenticator app when
the portal asks, signs in with it, and confirms it is them on the sign page; a clinician adds a
passkey (Chromium's virtual authenticator) and signs in with it alone. No page breaks the CSP."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from accommodations.selectors import access_for
from letters import services, signing
from letters.models import Letter
from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from tests import factories
from tests.letters.factories import SigningProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []

    def note_refusal(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note_refusal)
    return context, page, refused


def sign_in_with_password(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


@pytest.fixture
def draft(settings, tmp_path, student, psychologist):
    """A draft letter of the psychologist's, with a signing profile; they have no second
    factor yet (the persona's authenticator app is taken away)."""
    settings.LETTERS_DEV_SIGNING_DIR = str(tmp_path / "signing")
    signing.forget_loaded_signer()
    Authenticator.objects.filter(user=psychologist).delete()
    SigningProfileFactory(user=psychologist)
    services.ensure_letter_templates(organization=student.organization)
    draft = services.create_draft(
        access=access_for(user=psychologist, student=student),
        template=student.organization.letter_templates.get(code="accommodation-letter"),
        recipient_name="Ms. Carmen Díaz",
        recipient_role="504 coordinator",
    )
    yield draft
    signing.forget_loaded_signer()


def test_a_psychologist_sets_up_an_authenticator_app_signs_in_with_it_and_signs_a_letter(
    request, live_server, draft, student, psychologist
):
    chromium = request.getfixturevalue("chromium")
    context, page, refused = phone_page(chromium, live_server)
    try:
        # First sign-in: the portal asks for a second factor before anything else.
        sign_in_with_password(page, psychologist)
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
        expect(page.locator("main")).to_contain_text("Set up a second factor to continue")
        page.goto(f"/students/{student.pk}/")
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")

        page.get_by_role("link", name="Set up an authenticator app").click()
        expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
        secret = page.get_by_label("Key to type instead of scanning").input_value()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        page.get_by_label("Authenticator code").fill(factories.totp_code(secret))
        page.get_by_role("button", name="Turn on").click()
        expect(page.locator("main")).to_contain_text("Unused codes")
        page.get_by_role("link", name=re.compile("continue to the portal")).click()
        expect(page).not_to_have_url(re.compile("/accounts/2fa/"))

        # Sign out, and in again: the password, then the app's code.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()
        sign_in_with_password(page, psychologist)
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill(factories.totp_code(secret, steps_ahead=1))
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

        # Signing confirms it is them again, on the sign page.
        page.goto(f"/students/{student.pk}/letters/{draft.pk}/sign/")
        expect(page.get_by_label("Or a code from your authenticator app")).to_be_visible()
        page.get_by_label("Your password").fill("not my password")
        page.get_by_role("button", name="Sign the letter").click()
        expect(page.get_by_role("alert")).to_contain_text("That password is not right.")
        page.get_by_label("Your password").fill(factories.PASSWORD)
        with page.expect_navigation(timeout=60_000):
            page.get_by_role("button", name="Sign the letter").click()
        expect(page.locator("body")).to_contain_text("Signed.")
    finally:
        context.close()

    assert refused == []
    assert Letter.objects.get(pk=draft.pk).status == Letter.Status.SIGNED
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENABLED, actor=psychologist).exists()
    failures = AuditEvent.objects.filter(action=AuditAction.REAUTH_FAILED, actor=psychologist)
    assert failures.count() == 1


def test_a_clinician_adds_a_passkey_and_signs_in_with_it_alone(request, live_server, clinic):
    assert live_server.url.startswith("http://localhost:")  # WebAuthn's secure context
    clinician = factories.ClinicianFactory(
        organization=clinic, email="dr.key@lakeside.example", second_factor=False
    )
    chromium = request.getfixturevalue("chromium")
    context, page, refused = phone_page(chromium, live_server)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )

        sign_in_with_password(page, clinician)
        expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
        page.get_by_role("link", name="Add a security key").click()
        page.get_by_label("Name of the key").fill("My phone")
        page.get_by_label(re.compile("Use it as a passkey")).check()
        page.get_by_role("button", name="Add the key").click()
        expect(page.locator("main")).to_contain_text("Unused codes")
        page.get_by_role("link", name=re.compile("continue to the portal")).click()
        expect(page).not_to_have_url(re.compile("/accounts/2fa/"))

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()
        page.goto("/accounts/login/")
        page.get_by_role("button", name="Sign in with a passkey").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page).not_to_have_url(re.compile("/accounts/"))
    finally:
        context.close()

    assert refused == []
    key = Authenticator.objects.get(user=clinician, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "My phone"
    assert key.wrap().is_passwordless is True
