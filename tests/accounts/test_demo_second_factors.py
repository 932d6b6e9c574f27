"""The demo stays usable: its clinic staff have an authenticator app with a published key,
printed with the logins, and `manage.py demo_code` gives its current code."""

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from letters import signing
from portal import demo_data
from portal.accounts.models import User
from tests import factories


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.LETTERS_DEV_SIGNING_DIR = str(tmp_path / "signing")
    signing.forget_loaded_signer()
    demo_data.build_demo()
    yield
    signing.forget_loaded_signer()


def sign_in(email: str) -> Client:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": email, "password": demo_data.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_demo_clinic_staff_sign_in_with_the_demo_key_and_families_with_the_password(demo):
    staff = User.objects.filter(organization__slug=demo_data.DEMO_SLUG)
    assert staff.count() == 4
    for user in staff:
        assert Authenticator.objects.filter(user=user, type="totp").exists(), user.email

    rivera = sign_in("dr.rivera@lakeside.example")
    assert rivera.get(reverse("home"))["Location"].startswith(reverse("account_login"))
    answered = rivera.post(
        reverse("mfa_authenticate"), {"code": factories.totp_code(demo_data.DEMO_TOTP_SECRET)}
    )
    assert answered.status_code == 302
    assert rivera.get(reverse("accommodations:caseload")).status_code == 200

    parent = sign_in("elena.alvarez@family.example")
    assert parent.get(reverse("accommodations:my_children")).status_code == 200


def test_the_demo_logins_name_the_key_and_the_code_command(demo):
    text = "\n".join(demo_data.login_lines("http://127.0.0.1:8000"))

    assert demo_data.DEMO_TOTP_SECRET in text
    assert "manage.py demo_code" in text


def test_building_the_demo_again_adds_no_second_authenticator(demo):
    demo_data._give_demo_second_factor(User.objects.get(email="admin@lakeside.example"))

    assert Authenticator.objects.filter(user__email="admin@lakeside.example").count() == 2


def test_demo_code_prints_the_code_the_app_shows_now():
    out = io.StringIO()
    call_command("demo_code", stdout=out)

    code = re.match(r"(\d{6}) ", out.getvalue()).group(1)
    assert code in {
        factories.totp_code(demo_data.DEMO_TOTP_SECRET, steps_ahead=step) for step in (0, -1)
    }


def test_a_demo_made_before_second_factors_says_staff_set_one_up(db):
    text = "\n".join(demo_data.login_lines("http://127.0.0.1:8000"))

    assert demo_data.DEMO_TOTP_SECRET not in text
    assert "set up a second factor" in text
