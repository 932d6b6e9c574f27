"""Chromium (Debian's package) driven by Playwright against the live test server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, and code under test elsewhere (pyHanko's timestamping) needs to start its own.
@pytest.fixture(scope="module")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the test
    # makes between browser steps are ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def signed_in_page(chromium, live_server):
    """Open a phone-sized page signed in through the real sign-in form."""
    contexts = []

    def open_as(user, password="pass-phrase-123", *, width=390, height=844):
        context = chromium.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "dialog", lambda dialog: dialog.accept()
        )  # the person answers "OK" to confirmations
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()
        _give_second_factor_code_if_asked(page, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _give_second_factor_code_if_asked(page, user) -> None:
    """Clinic staff personas have an authenticator app (tests.factories.TOTP_SECRET): answer
    its code. A code signs in once, so a second sign-in within 30 seconds uses the next one."""
    from tests import factories

    for steps_ahead in (0, 1, -1):
        if "/accounts/2fa/authenticate/" not in page.url:
            return
        page.get_by_label("Code").fill(factories.totp_code(steps_ahead=steps_ahead))
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()
