"""The page layout, the sign-in pages and the error pages, seen through the browser's eyes."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from portal.rendering import PAIN_SCORE_CHOICES, PillScale

pytestmark = pytest.mark.django_db


def label_for(html: str, control_id: str) -> str | None:
    match = re.search(rf'<label[^>]*for="{control_id}"[^>]*>(.*?)</label>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else None


def test_the_login_page_has_a_labelled_email_and_password_field(client):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(r'<input type="email" name="login"[^>]*id="id_login"', html)
    assert label_for(html, "id_login") == "Email"
    assert re.search(r'<input type="password" name="password"[^>]*id="id_password"', html)
    assert label_for(html, "id_password") == "Password"


def test_the_login_page_does_not_offer_sign_up(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "/accounts/signup/" not in html
    assert "sign up" not in html.lower()


def test_a_page_starts_with_a_skip_link_to_the_main_landmark_and_declares_its_language(client):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(r'<html lang="en"', html)
    body = html.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'class="skip-link"' in first_link
    assert 'href="#main"' in first_link
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html


def test_the_page_title_names_the_page_and_the_portal(client):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(r"<title>\s*Sign in · Pain team school portal</title>", html)


def test_the_demo_banner_shows_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    assert "all people and records are fictional" in client.get(reverse("account_login")).text

    settings.DEMO_MODE = False
    assert "all people and records are fictional" not in client.get(reverse("account_login")).text


def test_a_failed_sign_in_shows_an_error_summary_as_an_alert(client):
    response = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "not-it"}
    )

    assert response.status_code == 200
    assert re.search(r'<div class="alert alert--error" role="alert">', response.text)


def test_a_signed_in_user_signs_out_with_a_posted_form(client_of, psychologist, student):
    html = client_of(psychologist).get(reverse("account_change_password")).content.decode()

    sign_out = re.search(
        r'<form method="post" action="/accounts/logout/">(.*?)</form>', html, re.S
    ).group(1)
    assert 'name="csrfmiddlewaretoken"' in sign_out
    assert "Sign out" in sign_out
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert ">Caseload</a>" in html


def test_an_unknown_address_gives_the_plain_not_found_page(client, settings):
    settings.DEBUG = False

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "does not exist, or you do not have access to it" in response.text
    assert 'href="/"' in response.text
    assert "Traceback" not in response.text


def test_the_server_error_page_renders_without_a_request_or_a_database():
    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert 'href="/static/css/portal.css"' in html
    assert 'href="/"' in html


class CheckInForm(forms.Form):
    pain_now = forms.TypedChoiceField(
        label="Pain right now", choices=PAIN_SCORE_CHOICES, coerce=int, widget=PillScale()
    )
    school_message = forms.CharField(
        label="Message to school",
        widget=forms.Textarea,
        required=False,
        help_text="Shared only when school access covers updates.",
        max_length=5,
    )
    share = forms.BooleanField(label="Share with school", required=False)

    def clean(self):
        raise forms.ValidationError("Nothing was saved.")


def test_a_field_error_is_tied_to_its_control_and_listed_in_the_summary():
    form = CheckInForm(data={"pain_now": "", "school_message": "far too long"})
    html = str(form)

    assert re.search(
        r'<div class="alert alert--error" role="alert">.*Nothing was saved\.', html, re.S
    )
    assert '<a href="#id_pain_now_0">Pain right now: This field is required.</a>' in html
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="id_school_message_helptext id_school_message_error"' in textarea
    assert 'id="id_school_message_helptext"' in html
    assert 'id="id_school_message_error"' in html


def test_optional_fields_say_so_and_required_ones_do_not():
    html = str(CheckInForm())

    assert label_for(html, "id_school_message") == "Message to school (optional)"
    assert re.search(r"<legend[^>]*>Pain right now</legend>", html)


def test_the_pain_scale_is_a_set_of_labelled_radio_buttons_named_at_both_ends():
    html = str(CheckInForm())

    assert html.count('type="radio" name="pain_now"') == 11
    assert label_for(html, "id_pain_now_0") == "0 (no pain)"
    assert label_for(html, "id_pain_now_10") == "10 (worst pain)"
    assert 'class="pill-scale"' in html
    assert "10 = worst pain" in html
