"""School staff's pages: my students, and the messages the family chose to share with school."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accommodations.models import SchoolStaff, Student
from tests import factories

MY_STUDENTS = reverse("accommodations:my_students")


def updates_url(student):
    return reverse("accommodations:school_updates", args=[student.pk])


def released_student(school, *, clinic, first_name, device=Student.Device.NONE, **scopes):
    student = factories.StudentFactory(
        organization=clinic, school=school, first_name=first_name, device_type=device
    )
    factories.published_plan(student=student, items=2)
    factories.ReleaseFactory(student=student, school=school, **scopes)
    return student


def test_the_nurse_sees_the_students_released_to_the_school(client_of, nurse, student):
    page = client_of(nurse).get(MY_STUDENTS).content.decode()

    assert "Mia Example" in page
    assert reverse("accommodations:acknowledge", args=[student.pk]) in page


def test_plans_waiting_for_my_acknowledgement_come_first(client_of, nurse, student, school, clinic):
    factories.AcknowledgementFactory(plan=student.plans.get(), user=nurse, school=school)
    waiting = released_student(school, clinic=clinic, first_name="Zoe")

    response = client_of(nurse).get(MY_STUDENTS)

    assert [row["student"] for row in response.context["to_acknowledge"]] == [waiting]
    assert [row["student"] for row in response.context["rows"]] == [waiting, student]
    page = response.content.decode()
    assert "1 plan needs your acknowledgement" in page
    assert "Version 1: read" in page


def test_a_student_with_an_implanted_device_has_a_badge_and_the_emergency_card_link(
    client_of, nurse, school, clinic
):
    with_pump = released_student(
        school, clinic=clinic, first_name="Ava", device=Student.Device.INTRATHECAL_PUMP
    )

    page = client_of(nurse).get(MY_STUDENTS).content.decode()

    assert "Intrathecal pain pump" in page
    assert reverse("accommodations:device_card", args=[with_pump.pk]) in page


def test_without_the_plan_scope_the_nurse_gets_no_plan_or_card_link(
    client_of, nurse, school, clinic
):
    letters_only = released_student(
        school,
        clinic=clinic,
        first_name="Noor",
        device=Student.Device.SPINAL_CORD_STIMULATOR,
        scope_plan=False,
        scope_updates=False,
        scope_notes=False,
    )

    page = client_of(nurse).get(MY_STUDENTS).content.decode()

    assert "Noor" in page
    assert reverse("accommodations:device_card", args=[letters_only.pk]) not in page
    assert reverse("accommodations:acknowledge", args=[letters_only.pk]) not in page
    assert reverse("accommodations:plan", args=[letters_only.pk]) not in page


def test_students_whose_release_is_revoked_expired_or_not_started_are_not_listed(
    client_of, nurse, school, clinic
):
    now = timezone.now()
    for name, when in {
        "Revoked": {"revoked_at": now},
        "Expired": {"starts_at": now - timedelta(days=90), "expires_at": now - timedelta(days=1)},
        "Later": {"starts_at": now + timedelta(days=1), "expires_at": now + timedelta(days=90)},
    }.items():
        student = factories.StudentFactory(organization=clinic, school=school, first_name=name)
        factories.ReleaseFactory(student=student, school=school, **when)

    page = client_of(nurse).get(MY_STUDENTS).content.decode()

    for name in ("Revoked", "Expired", "Later"):
        assert f"{name} Example" not in page


def test_a_nurse_at_another_school_sees_none_of_this_schools_students(
    client_of, nurse, nurse_other_school, student
):
    page = client_of(nurse_other_school).get(MY_STUDENTS).content.decode()

    assert "Mia Example" not in page
    assert "Leo" in page


def test_someone_who_works_at_no_school_gets_an_empty_page(client_of, guardian, student):
    response = client_of(guardian).get(MY_STUDENTS)

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "not linked to a school" in response.content.decode()


def test_my_students_costs_the_same_number_of_queries_for_5_or_50_students(client_of, clinic):
    school = factories.SchoolFactory()
    nurse = factories.SchoolStaffFactory(school=school, role=SchoolStaff.Role.NURSE).user
    client = client_of(nurse)

    def add_students(count):
        for number in range(count):
            student = released_student(
                school,
                clinic=clinic,
                first_name=f"Pupil{number}",
                device=Student.Device.INTRATHECAL_PUMP if number % 3 else Student.Device.NONE,
            )
            if number % 2:
                factories.AcknowledgementFactory(
                    plan=student.plans.get(), user=nurse, school=school
                )

    def queries_to_show(expected_rows):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MY_STUDENTS)
        assert len(response.context["rows"]) == expected_rows
        return len(queries)

    add_students(5)
    with_5 = queries_to_show(5)
    add_students(45)
    with_50 = queries_to_show(50)

    assert with_50 == with_5


def test_the_nurse_reads_the_familys_messages_to_school(client_of, nurse, guardian, student):
    factories.CheckInFactory(
        student=student,
        submitted_by=guardian,
        pain_worst=9,
        comments="Cried at bedtime on Thursday.",
        message_to_school="Please let Mia use the lift this week.",
    )

    response = client_of(nurse).get(updates_url(student))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please let Mia use the lift this week." in page
    assert "Cried at bedtime on Thursday." not in page
    for label in ("Pain", "pain", "Mood", "Sleep", "Worst"):
        assert label not in page[page.index("<main") : page.index("</main>")]


def test_updates_without_a_message_to_school_are_not_shown(client_of, nurse, guardian, student):
    factories.CheckInFactory(student=student, submitted_by=guardian, message_to_school="")

    response = client_of(nurse).get(updates_url(student))

    assert len(response.context["page_obj"]) == 0
    assert "No messages to school yet." in response.content.decode()


def test_without_the_updates_scope_the_messages_are_404(client_of, guardian, student, clinic):
    school = factories.SchoolFactory()
    counselor = factories.SchoolStaffFactory(school=school, role=SchoolStaff.Role.COUNSELOR).user
    factories.ReleaseFactory(
        student=student, school=school, granted_by=guardian, scope_updates=False
    )

    assert client_of(counselor).get(updates_url(student)).status_code == 404


def test_the_family_and_the_care_team_can_see_what_the_school_reads(
    client_of, guardian, psychologist, student
):
    factories.CheckInFactory(student=student, submitted_by=guardian, message_to_school="Hello!")

    for reader in (guardian, psychologist):
        assert "Hello!" in client_of(reader).get(updates_url(student)).content.decode()


def test_every_outsider_gets_404_on_the_messages(client_of, student, outsiders, org_admin):
    for label, outsider in {**outsiders, "org admin not on the team": org_admin}.items():
        assert client_of(outsider).get(updates_url(student)).status_code == 404, label
