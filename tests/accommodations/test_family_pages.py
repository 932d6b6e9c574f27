"""The family's starting page: each child's plan, who at school read it, updates and access."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accommodations.models import SchoolStaff
from tests import factories

MY_CHILDREN = reverse("accommodations:my_children")


def this_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def child_card(page, name):
    card = page[page.index(f">{name}</a></h2>") :]
    return card[: card.index("</section>")]


def test_the_guardian_sees_the_childs_plan_version_and_a_link_to_it(client_of, guardian, student):
    page = client_of(guardian).get(MY_CHILDREN).content.decode()

    card = child_card(page, "Mia Example")
    assert "Version 1, published" in card
    assert reverse("accommodations:plan", args=[student.pk]) in card


def test_the_guardian_sees_who_at_school_has_read_the_current_plan(
    client_of, guardian, nurse, student, school
):
    factories.SchoolStaffFactory(school=school, role=SchoolStaff.Role.COUNSELOR)
    factories.AcknowledgementFactory(plan=student.plans.get(), user=nurse, school=school)

    card = child_card(client_of(guardian).get(MY_CHILDREN).content.decode(), "Mia Example")

    assert "Jordan Nurse (Maple Grove Middle School)" in card
    assert "1 staff member has not read it yet" in card


def test_an_acknowledgement_of_an_older_version_does_not_count(
    client_of, guardian, nurse, student, school, psychologist
):
    factories.AcknowledgementFactory(plan=student.plans.get(), user=nurse, school=school)
    factories.published_plan(student=student, version=2, by=psychologist)

    card = child_card(client_of(guardian).get(MY_CHILDREN).content.decode(), "Mia Example")

    assert "Version 2, published" in card
    assert "Jordan Nurse" not in card
    assert "1 staff member has not read it yet" in card


def test_without_a_release_the_family_is_told_no_school_sees_the_plan(client_of, guardian):
    card = child_card(client_of(guardian).get(MY_CHILDREN).content.decode(), "Mia Example")

    assert "No school can see the plan yet." in card
    assert "No school can see anything right now." in card


def test_the_card_invites_this_weeks_update_until_it_is_sent(client_of, guardian, student):
    new_checkin = reverse("accommodations:checkin_new", args=[student.pk])
    client = client_of(guardian)

    assert new_checkin in child_card(client.get(MY_CHILDREN).content.decode(), "Mia Example")

    factories.CheckInFactory(student=student, submitted_by=guardian, week_of=this_monday())
    card = child_card(client.get(MY_CHILDREN).content.decode(), "Mia Example")

    assert new_checkin not in card
    assert "update is sent" in card
    assert "Last update: the week from" in card


def test_the_releases_in_force_are_listed_with_what_they_cover(
    client_of, guardian, student, school, other_school
):
    now = timezone.now()
    factories.ReleaseFactory(
        student=student, school=school, granted_by=guardian, scope_updates=False, scope_notes=False
    )
    factories.ReleaseFactory(
        student=student, school=other_school, granted_by=guardian, revoked_at=now
    )

    card = child_card(client_of(guardian).get(MY_CHILDREN).content.decode(), "Mia Example")

    assert "Maple Grove Middle School" in card
    assert "Plan and emergency card" in card
    assert "Messages to school" not in card
    assert "Riverbend High School" not in card


def test_each_child_of_the_guardian_has_a_card_and_no_other_child_does(
    client_of, guardian, student, clinic, school, other_student
):
    sibling = factories.StudentFactory(organization=clinic, school=school, first_name="Theo")
    factories.GuardianshipFactory(student=sibling, guardian=guardian)

    response = client_of(guardian).get(MY_CHILDREN)

    assert [row["student"] for row in response.context["overview"]] == [student, sibling]
    assert "has not published a plan yet" in child_card(response.content.decode(), "Theo Example")
    assert other_student.display_name not in response.content.decode()


def test_someone_who_is_nobodys_guardian_gets_an_empty_page(client_of, nurse, outsiders, student):
    for user in (nurse, *outsiders.values()):
        response = client_of(user).get(MY_CHILDREN)
        assert response.status_code == 200
        assert "Mia Example" not in response.content.decode()


def test_my_children_costs_the_same_number_of_queries_for_5_or_50_children(
    client_of, clinic, school
):
    parent = factories.UserFactory()
    nurse = factories.SchoolStaffFactory(school=school).user
    client = client_of(parent)

    def add_children(count):
        for number in range(count):
            child = factories.StudentFactory(
                organization=clinic, school=school, first_name=f"Kid{number}"
            )
            factories.GuardianshipFactory(student=child, guardian=parent)
            plan = factories.published_plan(student=child, items=2)
            factories.ReleaseFactory(student=child, school=school, granted_by=parent)
            factories.AcknowledgementFactory(plan=plan, user=nurse, school=school)
            for weeks_back in range(3):
                factories.CheckInFactory(
                    student=child,
                    submitted_by=parent,
                    week_of=this_monday() - timedelta(weeks=weeks_back),
                )

    def queries_to_show(expected_children):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MY_CHILDREN)
        assert len(response.context["overview"]) == expected_children
        return len(queries)

    add_children(5)
    with_5 = queries_to_show(5)
    add_children(45)
    with_50 = queries_to_show(50)

    assert with_50 == with_5
