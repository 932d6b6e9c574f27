"""Which schools may see what: the family grants and withdraws releases; schools see their own."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accommodations.family_forms import _one_year_after
from accommodations.models import Release, SchoolStaff
from tests import factories


def releases_url(student):
    return reverse("accommodations:releases", args=[student.pk])


def new_url(student):
    return reverse("accommodations:release_new", args=[student.pk])


def revoke_url(release):
    return reverse("accommodations:release_revoke", args=[release.student_id, release.pk])


def grant(**overrides):
    today = timezone.localdate()
    data = {
        "scopes": ["plan", "letters"],
        "staff_roles": ["nurse", "counselor"],
        "starts_at": today.isoformat(),
        "expires_at": (today + timedelta(days=300)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def releases_in_every_state(student, guardian, school, other_school):
    now = timezone.now()
    third_school = factories.SchoolFactory(name="Cedar Park Academy")
    fourth_school = factories.SchoolFactory(name="Oakwood Elementary")
    return {
        "in force": factories.ReleaseFactory(student=student, school=school, granted_by=guardian),
        "scheduled": factories.ReleaseFactory(
            student=student,
            school=other_school,
            granted_by=guardian,
            starts_at=now + timedelta(days=10),
            expires_at=now + timedelta(days=100),
        ),
        "expired": factories.ReleaseFactory(
            student=student,
            school=third_school,
            granted_by=guardian,
            starts_at=now - timedelta(days=400),
            expires_at=now - timedelta(days=30),
        ),
        "withdrawn": factories.ReleaseFactory(
            student=student,
            school=fourth_school,
            granted_by=guardian,
            revoked_at=now - timedelta(days=2),
            revoked_by=guardian,
        ),
    }


def card_of(page, school_name):
    card = page[page.index(f">{school_name}</h3>") :]
    return card[: card.index("</section>")]


def test_the_guardian_sees_each_release_with_its_status(
    client_of, guardian, student, releases_in_every_state
):
    page = client_of(guardian).get(releases_url(student)).content.decode()

    assert "In force" in card_of(page, "Maple Grove Middle School")
    assert "Scheduled" in card_of(page, "Riverbend High School")
    assert "Expired" in card_of(page, "Cedar Park Academy")
    assert "Withdrawn" in card_of(page, "Oakwood Elementary")


def test_only_releases_still_to_come_or_in_force_can_be_withdrawn(
    client_of, guardian, student, releases_in_every_state
):
    page = client_of(guardian).get(releases_url(student)).content.decode()

    assert revoke_url(releases_in_every_state["in force"]) in page
    assert revoke_url(releases_in_every_state["scheduled"]) in page
    assert revoke_url(releases_in_every_state["expired"]) not in page
    assert revoke_url(releases_in_every_state["withdrawn"]) not in page


def test_the_form_starts_at_the_students_school_today_for_a_year(client_of, guardian, student):
    form = client_of(guardian).get(new_url(student)).context["form"]

    today = timezone.localdate()
    assert form["school"].value() == student.school_id
    assert list(form.fields["school"].queryset)[0] == student.school
    assert form["starts_at"].value() == today
    assert form["expires_at"].value() == _one_year_after(today)


def test_the_scopes_are_explained_in_plain_words(client_of, guardian, student):
    page = client_of(guardian).get(new_url(student)).content.decode()

    assert 'type="checkbox" name="scopes" value="updates"' in page
    assert "Never pain scores" in page
    assert "the emergency card if there is an implanted device" in page


def test_the_guardian_grants_a_release_to_a_known_school(
    client_of, guardian, student, other_school
):
    response = client_of(guardian).post(
        new_url(student), grant(school=other_school.pk, scopes=["plan", "updates"])
    )

    assert response.status_code == 302
    release = Release.objects.get(student=student, school=other_school)
    assert release.scopes == {"plan", "updates"}
    assert release.granted_by == guardian
    assert release.is_in_force
    assert timezone.localtime(release.expires_at).date() == timezone.localdate() + timedelta(
        days=300
    )


def test_a_release_starting_later_is_scheduled(client_of, guardian, student, school):
    starts = timezone.localdate() + timedelta(days=7)

    client_of(guardian).post(
        new_url(student),
        grant(
            school=school.pk,
            starts_at=starts.isoformat(),
            expires_at=(starts + timedelta(days=30)).isoformat(),
        ),
    )

    assert Release.objects.get(student=student).status == "scheduled"


def test_a_release_that_ends_before_it_starts_is_a_field_error(
    client_of, guardian, student, school
):
    today = timezone.localdate()

    response = client_of(guardian).post(
        new_url(student),
        grant(
            school=school.pk,
            starts_at=(today + timedelta(days=10)).isoformat(),
            expires_at=(today + timedelta(days=5)).isoformat(),
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["expires_at"] == [
        "The release must expire after it starts."
    ]
    assert not Release.objects.exists()


def test_choosing_nothing_to_share_is_refused(client_of, guardian, student, school):
    response = client_of(guardian).post(new_url(student), grant(school=school.pk, scopes=[]))

    assert "scopes" in response.context["form"].errors
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"school": "999999"},
        {"school": "not-a-school"},
        {"scopes": ["plan", "everything"]},
        {"starts_at": "someday"},
        {"expires_at": "2026-02-30"},
    ],
)
def test_bad_input_is_a_form_error_not_an_error_page(client_of, guardian, student, school, bad):
    response = client_of(guardian).post(new_url(student), grant(**{"school": school.pk, **bad}))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Release.objects.exists()


def test_a_second_release_to_the_same_school_for_the_same_time_is_refused(
    client_of, guardian, student, school
):
    client = client_of(guardian)
    client.post(new_url(student), grant(school=school.pk))
    response = client.post(new_url(student), grant(school=school.pk))

    assert "already has a release" in str(response.context["form"].errors["school"])
    assert Release.objects.filter(student=student).count() == 1


def test_withdrawing_asks_first_then_cuts_the_schools_access_at_once(
    client_of, guardian, nurse, student
):
    release = Release.objects.get(student=student)
    plan_url = reverse("accommodations:plan", args=[student.pk])
    assert client_of(nurse).get(plan_url).status_code == 200

    confirmation = client_of(guardian).get(revoke_url(release))
    assert confirmation.status_code == 200
    assert "Withdraw Maple Grove Middle School" in confirmation.content.decode()
    release.refresh_from_db()
    assert release.revoked_at is None

    response = client_of(guardian).post(revoke_url(release))

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.revoked_by == guardian
    assert client_of(nurse).get(plan_url).status_code == 404
    assert client_of(nurse).get(releases_url(student)).status_code == 404


def test_withdrawing_twice_changes_nothing(client_of, guardian, nurse, student):
    release = Release.objects.get(student=student)
    client = client_of(guardian)
    client.post(revoke_url(release))
    release.refresh_from_db()
    first_time = release.revoked_at

    response = client.post(revoke_url(release), follow=True)

    release.refresh_from_db()
    assert release.revoked_at == first_time
    assert "already withdrawn" in response.content.decode()


def test_a_release_of_another_student_cannot_be_withdrawn_through_this_one(
    client_of, guardian, student, other_student, other_guardian, other_school
):
    theirs = factories.ReleaseFactory(
        student=other_student, school=other_school, granted_by=other_guardian
    )
    url = reverse("accommodations:release_revoke", args=[student.pk, theirs.pk])

    assert client_of(guardian).post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_family_gets_a_link_to_ask_the_school_to_add_someone(
    client_of, guardian, nurse, student, school
):
    page = client_of(guardian).get(releases_url(student)).content.decode()

    ask = reverse("accommodations:staff_request_new", args=[student.pk])
    assert f"{ask}?school={school.pk}" in page
    assert "kind=school_staff" not in page


def test_school_staff_see_only_their_own_schools_release(
    client_of, nurse, guardian, student, other_school
):
    factories.ReleaseFactory(student=student, school=other_school, granted_by=guardian)

    page = client_of(nurse).get(releases_url(student)).content.decode()

    assert "Maple Grove Middle School" in page
    assert "Riverbend High School" not in page


def test_school_staff_can_neither_grant_nor_withdraw(client_of, nurse, student, school):
    release = Release.objects.get(student=student)

    assert client_of(nurse).get(new_url(student)).status_code == 404
    assert client_of(nurse).post(new_url(student), grant(school=school.pk)).status_code == 404
    assert client_of(nurse).post(revoke_url(release)).status_code == 404
    assert revoke_url(release) not in client_of(nurse).get(releases_url(student)).content.decode()
    release.refresh_from_db()
    assert release.revoked_at is None


def test_the_care_team_reads_releases_but_only_the_family_grants_them(
    client_of, psychologist, nurse, student, school
):
    release = Release.objects.get(student=student)

    assert client_of(psychologist).get(releases_url(student)).status_code == 200
    assert client_of(psychologist).get(new_url(student)).status_code == 404
    assert client_of(psychologist).post(revoke_url(release)).status_code == 404


def test_every_outsider_gets_404(client_of, nurse, student, school, outsiders, org_admin):
    release = Release.objects.get(student=student)
    for label, outsider in {**outsiders, "org admin not on the team": org_admin}.items():
        client = client_of(outsider)
        assert client.get(releases_url(student)).status_code == 404, label
        assert client.get(new_url(student)).status_code == 404, label
        assert client.post(new_url(student), grant(school=school.pk)).status_code == 404, label
        assert client.get(revoke_url(release)).status_code == 404, label
        assert client.post(revoke_url(release)).status_code == 404, label
    release.refresh_from_db()
    assert release.revoked_at is None
    assert Release.objects.filter(student=student).count() == 1


def test_a_teacher_reads_the_release_only_when_it_covers_teachers(
    client_of, nurse, guardian, student, school
):
    teacher = factories.SchoolStaffFactory(school=school, role=SchoolStaff.Role.TEACHER).user
    assert client_of(teacher).get(releases_url(student)).status_code == 404

    Release.objects.filter(student=student, school=school).update(covers_teacher=True)

    assert client_of(teacher).get(releases_url(student)).status_code == 200


def test_29_february_gives_a_year_to_28_february():
    assert _one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
