"""The user's own profile page."""

import pytest
from django.urls import reverse

from portal.accounts.models import User

URL = reverse("accounts:profile")


def test_a_user_changes_their_name_time_zone_and_language(client_of, guardian):
    client = client_of(guardian)

    response = client.post(
        URL, {"full_name": "Sam Q. Example", "time_zone": "America/Chicago", "language": "es"}
    )

    assert response.status_code == 302
    guardian.refresh_from_db()
    assert (guardian.full_name, guardian.time_zone, guardian.language) == (
        "Sam Q. Example",
        "America/Chicago",
        "es",
    )
    assert response.cookies["django_language"].value == "es"


def test_an_unknown_time_zone_is_refused(client_of, guardian):
    response = client_of(guardian).post(
        URL, {"full_name": "Sam", "time_zone": "Mars/Olympus", "language": "en"}
    )

    assert response.status_code == 400
    guardian.refresh_from_db()
    assert guardian.time_zone == "America/New_York"


def test_the_profile_links_to_password_change(client_of, guardian):
    page = client_of(guardian).get(URL).content.decode()

    assert reverse("account_change_password") in page
    assert guardian.email in page


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(
    ("full_name", "greeting"),
    [
        ("Sam Example", "Sam"),
        ("Dr. Ana Rivera, PhD", "Dr. Rivera"),
        ("Ms. Jordan Lee", "Ms. Lee"),
        ("Cher", "Cher"),
        ("", "nobody@family.example"),
    ],
)
def test_people_are_greeted_by_first_name_or_by_title_and_last_name(full_name, greeting):
    assert User(full_name=full_name, email="nobody@family.example").get_short_name() == greeting
