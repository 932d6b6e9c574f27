"""Each kind of invitation, accepted in Chromium from the e-mail the portal wrote."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from accommodations.models import CareTeamMember, SchoolStaff
from portal.accounts import services
from portal.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase for the portal"


def invite_clinician(request, email):
    return services.create_invitation(
        inviter=request.getfixturevalue("org_admin"), kind="clinician", email=email
    )


def invite_to_the_care_team(request, email):
    return services.create_invitation(
        inviter=request.getfixturevalue("psychologist"),
        kind="care_team",
        email=email,
        student=request.getfixturevalue("student"),
        role=CareTeamMember.Role.PHYSICAL_THERAPIST,
    )


def invite_a_guardian(request, email):
    return services.create_invitation(
        inviter=request.getfixturevalue("psychologist"),
        kind="guardian",
        email=email,
        student=request.getfixturevalue("student"),
        relationship="Mother",
    )


def invite_school_staff(request, email):
    # Whoever keeps the school's roster sends these: its administrator, vouched for by the clinic.
    request.getfixturevalue("nurse")  # a release in force for the school, covering nurses
    return services.create_invitation(
        inviter=request.getfixturevalue("school_admin"),
        kind="school_staff",
        email=email,
        school=request.getfixturevalue("school"),
        role=SchoolStaff.Role.NURSE,
    )


@dataclass(frozen=True)
class Kind:
    invite: Callable
    lands_on: str  # the address the new user's home sends them to
    sees: str = ""  # something their starting page shows them
    # Clinic staff land on the second-factor set-up first, then on `lands_on`.
    sets_up_second_factor: bool = False


# One line per kind of invitation the portal sends.
KINDS = [
    pytest.param(Kind(invite_clinician, "/", sets_up_second_factor=True), id="clinician"),
    pytest.param(
        Kind(invite_to_the_care_team, "/caseload/", sees="Mia", sets_up_second_factor=True),
        id="care_team",
    ),
    pytest.param(Kind(invite_a_guardian, "/children/", sees="Mia"), id="guardian"),
    pytest.param(Kind(invite_school_staff, "/school/students/", sees="Mia"), id="school_staff"),
]


def set_up_an_authenticator_app(page, live_server) -> None:
    """On the set-up page a new clinician is sent to: type the shown key into an "app" (the
    test computes its code) and turn it on, without being asked for the password again."""
    from tests import factories

    expect(page).to_have_url(live_server.url + "/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("Set up a second factor to continue")
    page.get_by_role("link", name="Set up an authenticator app").click()
    secret = page.get_by_label("Key to type instead of scanning").input_value()
    page.get_by_label("Authenticator code").fill(factories.totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.locator("main")).to_contain_text("Unused codes")


def link_path(message) -> str:
    [path] = set(re.findall(r"https?://[^/\s\"<]+(/invite/[^/\s\"<]+/)", message.body))
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_an_invitee_accepts_from_the_email_in_a_fresh_browser_and_lands_signed_in(
    request, chromium, live_server, mailoutbox, kind
):
    email = "new.person@invited.example"
    invitation, _token = kind.invite(request, email)
    assert invitation.email == email
    [message] = [sent for sent in mailoutbox if sent.to == [email]]
    path = link_path(message)

    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(path)
        expect(page).to_have_url(live_server.url + "/invite/accept/")
        page.get_by_label("Your name").fill("Taylor Invitee")
        page.get_by_label("Choose a password").fill(PASSWORD)
        page.get_by_label("The same password again").fill(PASSWORD)
        with page.expect_request(lambda sent: sent.method == "POST") as posted:
            page.get_by_role("button", name="Create my account").click()
        page.wait_for_load_state()

        assert posted.value.headers.get("origin") == live_server.url
        expect(page.locator("body")).to_contain_text("Welcome! Your account is ready.")
        if kind.sets_up_second_factor:
            set_up_an_authenticator_app(page, live_server)
            page.goto("/")
        expect(page).to_have_url(live_server.url + kind.lands_on)
        if kind.sees:
            expect(page.locator("main")).to_contain_text(kind.sees)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        page.goto("/profile/")
        expect(page.get_by_label("Your name")).to_have_value("Taylor Invitee")
    finally:
        context.close()

    user = User.objects.get(email=email)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert user.check_password(PASSWORD)
