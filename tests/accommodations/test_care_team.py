"""The care team and the student's details change only on the portal's pages: audited, and
the family told who joined or left."""

import pytest
from django.urls import reverse

from accommodations.models import CareTeamMember, Student
from portal.accounts import services as accounts
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from tests import factories


def remove_url(student, member):
    return reverse("accommodations:care_team_remove", args=[student.pk, member.pk])


def edit_url(student):
    return reverse("accommodations:student_edit", args=[student.pk])


@pytest.fixture
def colleague(clinic, student):
    user = factories.ClinicianFactory(organization=clinic, email="pt@lakeside.example")
    factories.CareTeamMemberFactory(student=student, user=user, role="physical_therapist")
    return user


def profile(student, **changes):
    data = {
        "first_name": student.first_name,
        "last_name": student.last_name,
        "preferred_name": student.preferred_name,
        "date_of_birth": student.date_of_birth.isoformat(),
        "school": student.school_id or "",
        "grade": student.grade,
        "family_language": student.family_language,
    }
    data.update(changes)
    return data


def test_a_care_team_member_removes_a_colleague_who_then_sees_nothing(
    client_of, psychologist, colleague, guardian, student
):
    member = CareTeamMember.objects.get(user=colleague, student=student)

    response = client_of(psychologist).post(remove_url(student, member))

    assert response.status_code == 302
    assert not CareTeamMember.objects.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(action="care_team.removed", student_id=student.pk).exists()
    [notice] = Notification.objects.filter(
        recipient=guardian, kind="care_team_left", channel="in_app"
    )
    assert colleague.full_name in notice.title
    page = client_of(colleague).get(reverse("accommodations:student", args=[student.pk]))
    assert page.status_code == 404


def test_the_last_member_of_the_care_team_cannot_be_removed(client_of, psychologist, student):
    member = CareTeamMember.objects.get(user=psychologist, student=student)

    response = client_of(psychologist).post(remove_url(student, member), follow=True)

    assert CareTeamMember.objects.filter(pk=member.pk).exists()
    assert "only member of the care team" in response.content.decode()


def test_no_one_off_the_care_team_changes_it_or_the_students_details(
    client_of, student, colleague, outsiders, org_admin, guardian, nurse
):
    member = CareTeamMember.objects.get(user=colleague, student=student)
    others = {**outsiders, "clinic administrator": org_admin, "guardian": guardian, "nurse": nurse}
    for who, user in others.items():
        client = client_of(user)
        assert client.post(remove_url(student, member)).status_code == 404, who
        assert client.get(edit_url(student)).status_code == 404, who
        assert client.post(edit_url(student), profile(student, grade="12")).status_code == 404, who
    assert CareTeamMember.objects.filter(pk=member.pk).exists()
    assert Student.objects.get(pk=student.pk).grade != "12"


def test_a_member_of_another_students_team_cannot_be_removed_through_this_student(
    client_of, psychologist, student, other_student
):
    theirs = factories.CareTeamMemberFactory(student=other_student)
    factories.CareTeamMemberFactory(student=other_student)

    response = client_of(psychologist).post(remove_url(student, theirs))

    assert response.status_code == 404
    assert CareTeamMember.objects.filter(pk=theirs.pk).exists()


def test_the_family_is_told_when_someone_joins_the_care_team(
    psychologist, guardian, student, django_capture_on_commit_callbacks
):
    _invitation, token = accounts.create_invitation(
        inviter=psychologist,
        kind="care_team",
        email="ot@lakeside.example",
        student=student,
        role="occupational_therapist",
    )

    accounts.accept_invitation(
        token=token, full_name="Casey Therapist", password="a long pass phrase"
    )

    [notice] = Notification.objects.filter(
        recipient=guardian, kind="care_team_joined", channel="in_app"
    )
    assert "Casey Therapist" in notice.title


def test_the_care_team_corrects_the_students_school_and_grade(
    client_of, psychologist, student, other_school
):
    response = client_of(psychologist).post(
        edit_url(student), profile(student, school=other_school.pk, grade="8")
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.school, student.grade) == (other_school, "8")
    event = AuditEvent.objects.get(action="student.profile_changed")
    assert sorted(event.extra["fields"]) == ["grade", "school"]


def test_a_blank_name_is_refused_with_a_field_error_and_saves_nothing(
    client_of, psychologist, student
):
    response = client_of(psychologist).post(
        edit_url(student), profile(student, first_name=" ", grade="9")
    )

    assert response.status_code == 400
    assert "first_name" in response.context["form"].errors
    assert Student.objects.get(pk=student.pk).grade != "9"
