"""A school official opens a shared letter from the e-mail, signed out, and confirms receipt."""

import re

import pytest
from playwright.sync_api import expect

from accommodations.selectors import access_for
from letters import services, sharing, signing
from letters.models import LetterShare
from portal.audit.models import AuditEvent
from tests.letters.factories import SigningProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_by_email(settings, tmp_path, student, psychologist, guardian, mailoutbox):
    """A signed letter the guardian shared; returns the link's path from the e-mail sent."""
    settings.LETTERS_DEV_SIGNING_DIR = str(tmp_path / "signing")
    signing.forget_loaded_signer()
    SigningProfileFactory(user=psychologist)
    services.ensure_letter_templates(organization=student.organization)
    clinician = access_for(user=psychologist, student=student)
    draft = services.create_draft(
        access=clinician,
        template=student.organization.letter_templates.get(code="accommodation-letter"),
        recipient_name="Ms. Carmen Díaz",
        recipient_role="504 coordinator",
    )
    letter = services.sign_letter(access=clinician, letter=draft, password="pass-phrase-123")
    sharing.share_letter(
        access=access_for(user=guardian, student=student),
        letter=letter,
        recipient_name="Ms. Carmen Díaz",
        recipient_email="carmen.diaz@maplegrove.example",
        recipient_role="504 coordinator",
    )
    [message] = [sent for sent in mailoutbox if sent.to == ["carmen.diaz@maplegrove.example"]]
    yield re.search(r"https?://[^/\s\"<]+(/share/[A-Za-z0-9_\-]+/)", message.body).group(1)
    signing.forget_loaded_signer()


def test_a_school_official_opens_the_emailed_link_in_a_fresh_browser_and_confirms_receipt(
    request, live_server, shared_by_email
):
    # The letter is signed before Chromium starts: signing runs an event loop of its own, which
    # cannot start while Playwright's runs in this thread.
    chromium = request.getfixturevalue("chromium")
    share = LetterShare.objects.get()
    token = shared_by_email.split("/")[2]

    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(shared_by_email)
        expect(page).to_have_url(f"{live_server.url}/share/{share.pk}/")
        assert token not in page.content()
        expect(page.locator("main")).to_contain_text("Authentic and current")
        expect(page.get_by_label("Your name")).to_have_value("Ms. Carmen Díaz")
        page.get_by_label("Note for the family and clinic").fill("Passed to the PE teacher.")
        with page.expect_request(lambda sent: sent.method == "POST") as posted:
            page.get_by_role("button", name="Confirm receipt").click()
        page.wait_for_load_state()

        assert posted.value.headers.get("origin") == live_server.url
        expect(page.locator("main")).to_contain_text("Receipt confirmed by Ms. Carmen Díaz")
    finally:
        context.close()

    share.refresh_from_db()
    assert share.receipt_confirmed_at is not None
    assert share.receipt_note == "Passed to the PE teacher."
    for action in ("letter.share_opened", "letter.share_confirmed"):
        assert AuditEvent.objects.filter(action=action, target_id=str(share.pk)).exists()
