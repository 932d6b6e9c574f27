"""The clinician's caseload: their students, what needs attention first, in constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accommodations.models import AccommodationPlan, CareTeamMember
from tests import factories

URL = reverse("accommodations:caseload")


def _on_team(user, student, role=CareTeamMember.Role.PSYCHOLOGIST):
    return factories.CareTeamMemberFactory(student=student, user=user, role=role)


def test_it_lists_the_students_on_my_care_teams_only(
    client_of, psychologist, student, other_student
):
    response = client_of(psychologist).get(URL)

    assert response.status_code == 200
    assert student.display_name in response.content.decode()
    assert other_student.display_name not in response.content.decode()


def test_a_clinician_of_another_clinic_does_not_see_our_students(
    client_of, other_clinic_clinician, student
):
    response = client_of(other_clinic_clinician).get(URL)

    assert student.display_name not in response.content.decode()


def test_someone_on_no_care_team_gets_an_explanation(client_of, physician_off_team, student):
    response = client_of(physician_off_team).get(URL)

    assert response.status_code == 200
    assert "not on any student" in response.content.decode()


def test_it_asks_anonymous_visitors_to_sign_in(client, student):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_counts_school_staff_who_have_not_acknowledged(client_of, psychologist, student, nurse):
    response = client_of(psychologist).get(URL)

    row = response.context["rows"][0]
    assert row.pending_acknowledgements == 1
    assert row.needs_attention
    assert "1 waiting" in response.content.decode()


def test_it_counts_check_ins_sent_in_the_last_week_as_new(client_of, psychologist, student):
    factories.CheckInFactory(student=student)
    old = factories.CheckInFactory(student=student)
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    response = client_of(psychologist).get(URL)

    assert response.context["rows"][0].new_checkins == 1


def test_it_flags_reviews_due_within_two_weeks_and_overdue(client_of, psychologist, clinic, school):
    soon = factories.StudentFactory(organization=clinic, school=school, first_name="Soon")
    overdue = factories.StudentFactory(organization=clinic, school=school, first_name="Late")
    later = factories.StudentFactory(organization=clinic, school=school, first_name="Later")
    for student, days in ((soon, 10), (overdue, -3), (later, 60)):
        _on_team(psychologist, student)
        plan = factories.published_plan(student=student, items=1, by=psychologist)
        AccommodationPlan.objects.filter(pk=plan.pk).update(
            review_date=timezone.localdate() + timedelta(days=days)
        )

    rows = {row.student.first_name: row for row in client_of(psychologist).get(URL).context["rows"]}

    assert rows["Soon"].review_due_soon and not rows["Soon"].review_overdue
    assert rows["Late"].review_overdue
    assert not rows["Later"].review_due_soon and not rows["Later"].needs_attention


def test_students_needing_attention_come_first(client_of, psychologist, clinic, school):
    calm = factories.StudentFactory(organization=clinic, school=school, first_name="Aaron")
    busy = factories.StudentFactory(organization=clinic, school=school, first_name="Zoe")
    for student in (calm, busy):
        _on_team(psychologist, student)
        factories.published_plan(student=student, items=1, by=psychologist)
    factories.CheckInFactory(student=busy)

    rows = client_of(psychologist).get(URL).context["rows"]

    assert [row.student.first_name for row in rows] == ["Zoe", "Aaron"]


def test_it_shows_a_draft_in_progress(client_of, psychologist, student):
    factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)

    response = client_of(psychologist).get(URL)

    assert response.context["rows"][0].has_draft
    assert "Draft in progress" in response.content.decode()


def _caseload_of(size, clinic, school, psychologist):
    guardian = factories.UserFactory(password=None)
    for _ in range(size):
        student = factories.StudentFactory(organization=clinic, school=school)
        _on_team(psychologist, student)
        factories.published_plan(student=student, items=2, by=psychologist)
        factories.CheckInFactory(student=student, submitted_by=guardian)
        factories.SchoolStaffFactory(school=school, user=factories.UserFactory(password=None))
        factories.ReleaseFactory(student=student, school=school, granted_by=guardian)


def _queries_for(client, size_setup):
    size_setup()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_caseload(client_of, clinic, school):
    psychologist = factories.ClinicianFactory(organization=clinic)
    client = client_of(psychologist)

    five = _queries_for(client, lambda: _caseload_of(5, clinic, school, psychologist))
    fifty = _queries_for(client, lambda: _caseload_of(45, clinic, school, psychologist))

    assert len(client.get(URL).context["rows"]) == 50
    assert five == fifty
