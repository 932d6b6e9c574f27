"""Every answer carries the portal's Content-Security-Policy and asks not to be stored; pages
have no inline script or style for that policy to refuse; a missing page is the portal's own."""

import re
from pathlib import Path

from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Not served as pages: e-mails are read in mail programs, letter HTML is rendered to PDF.
NOT_PAGES = ("email", "pdf")


def test_every_page_carries_a_policy_without_inline_script_or_style(client, nurse, student):
    client.force_login(nurse)
    for url in (
        reverse("accommodations:my_students"),
        reverse("accommodations:student", args=[student.pk]),
    ):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_and_api_answers_with_student_data_ask_not_to_be_stored(client, nurse, student):
    client.force_login(nurse)
    page = client.get(reverse("accommodations:device_card", args=[student.pk]))
    api = client.get(f"/api/v1/students/{student.pk}/")
    for response in (page, api, client.get(reverse("account_login"))):
        assert "no-store" in response["Cache-Control"]


def test_a_missing_page_is_the_portals_own_404_and_lists_no_url_configuration(client, nurse):
    client.force_login(nurse)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "This page does not exist, or you do not have access to it." in html
    assert "URLconf" not in html and "urlpatterns" not in html


def test_no_served_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if any(part in NOT_PAGES for part in path.relative_to(TEMPLATES).parts):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b", text) or re.search(r"\sstyle=\"", text):
            offenders.append(f"{path}: inline style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: inline event handler")
    assert offenders == []
