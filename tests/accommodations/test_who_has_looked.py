"""The family's "who has looked" page: who at school and at the clinic opened the record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def url(student):
    return reverse("accommodations:who_has_looked", args=[student.pk])


def test_the_family_sees_the_nurse_and_the_psychologist_who_opened_the_record(
    client_of, guardian, nurse, psychologist, student
):
    client_of(nurse).get(reverse("accommodations:device_card", args=[student.pk]))
    client_of(psychologist).get(reverse("accommodations:notes", args=[student.pk]))
    client_of(psychologist).get(reverse("accommodations:student", args=[student.pk]))

    response = client_of(guardian).get(url(student))

    assert response.status_code == 200
    people = {person["name"]: person for person in response.context["people"]}
    assert people["Jordan Nurse"]["relation"] == "School nurse, Maple Grove Middle School"
    assert people["Jordan Nurse"]["times"] == 1
    assert people[psychologist.full_name]["times"] == 2
    assert people[psychologist.full_name]["relation"].startswith("Psychologist")
    page = response.content.decode()
    assert "Opened an emergency card" in page and "Read care notes" in page


def test_the_familys_own_visits_are_not_listed(client_of, guardian, student):
    client_of(guardian).get(reverse("accommodations:plan", args=[student.pk]))

    assert client_of(guardian).get(url(student)).context["people"] == []


def test_refused_look_ups_are_not_visits(client_of, guardian, other_guardian, student):
    client_of(other_guardian).get(reverse("accommodations:plan", args=[student.pk]))

    assert client_of(guardian).get(url(student)).context["people"] == []


def test_the_page_is_linked_from_the_childs_pages(client_of, guardian, student):
    page = client_of(guardian).get(reverse("accommodations:student", args=[student.pk]))
    assert url(student) in page.content.decode()


@pytest.mark.parametrize(
    "who", ["nurse", "other_guardian", "physician_off_team", "org_admin", "nurse_other_school"]
)
def test_no_one_outside_the_family_and_care_team_opens_it(client_of, request, student, who):
    user = request.getfixturevalue(who)
    assert client_of(user).get(url(student)).status_code == 404


def test_the_page_holds_its_query_count_as_visits_grow(client_of, guardian, nurse, student, school):
    def queries():
        client = client_of(guardian)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(student)).status_code == 200
        return len(captured.captured_queries)

    client_of(nurse).get(reverse("accommodations:plan", args=[student.pk]))
    few = queries()
    for number in range(8):
        staff = factories.UserFactory(email=f"nurse{number}@maplegrove.example")
        factories.SchoolStaffFactory(user=staff, school=school, role="nurse")
        client_of(staff).get(reverse("accommodations:plan", args=[student.pk]))
    assert queries() <= few
