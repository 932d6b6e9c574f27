"""The student list and record: what each reader sees of a student, and paging."""

from accommodations.api.serializers import (
    DeviceCardSerializer,
    MyAccessSerializer,
    StudentDetailSerializer,
    StudentProfileSerializer,
    StudentSerializer,
)
from accommodations.models import CareTeamMember, Student
from tests import factories
from tests.api.conftest import url


def test_the_list_shows_what_every_reader_may_see_and_the_record_the_rest(
    api_as, psychologist, student
):
    row = api_as(psychologist).get(url("students/")).json()["results"][0]
    assert list(row) == list(StudentSerializer().fields)
    assert row == {
        "id": student.pk,
        "display_name": student.display_name,
        "grade": "7",
        "school": {"id": student.school_id, "name": student.school.name},
    }

    detail = api_as(psychologist).get(url(f"students/{student.pk}/")).json()
    assert list(detail) == list(StudentDetailSerializer().fields)
    assert list(detail["profile"]) == list(StudentProfileSerializer().fields)
    assert list(detail["my_access"]) == list(MyAccessSerializer().fields)
    assert list(detail["device_card"]) == list(DeviceCardSerializer().fields)
    assert detail["my_access"]["care_team_role"] == CareTeamMember.Role.PSYCHOLOGIST
    assert detail["my_access"]["can_edit_plan"] is True
    assert detail["current_plan_version"] == 1
    assert detail["profile"]["date_of_birth"] == student.date_of_birth.isoformat()


def test_a_guardian_reads_the_full_record_and_may_write_checkins(api_as, guardian, student):
    detail = api_as(guardian).get(url(f"students/{student.pk}/")).json()
    assert detail["profile"]["first_name"] == student.first_name
    assert detail["my_access"]["is_guardian"] is True
    assert detail["my_access"]["can_write_checkins"] is True
    assert detail["my_access"]["can_edit_plan"] is False


def test_school_staff_see_name_grade_school_and_the_emergency_card_but_not_the_profile(
    api_as, nurse, student
):
    Student.objects.filter(pk=student.pk).update(
        device_type=Student.Device.INTRATHECAL_PUMP, device_emergency_steps="Call 911."
    )
    detail = api_as(nurse).get(url(f"students/{student.pk}/")).json()
    assert detail["display_name"] == student.display_name
    assert detail["grade"] == "7"
    assert detail["school"] == {"id": student.school_id, "name": student.school.name}
    assert detail["profile"] is None
    assert detail["device_card"]["device_emergency_steps"] == "Call 911."
    assert detail["my_access"]["can_acknowledge"] is True
    assert detail["my_access"]["can_write_notes"] is False


def test_a_school_whose_release_leaves_out_the_plan_sees_no_emergency_card(
    api_as, nurse_letters_only, student
):
    detail = api_as(nurse_letters_only).get(url(f"students/{student.pk}/")).json()
    assert detail["device_card"] is None
    assert detail["current_plan_version"] is None
    assert detail["my_access"]["school_scopes"] == ["letters"]


def test_pages_count_every_visible_student_once_and_past_the_end_is_404(
    api_as, psychologist, clinic, student, outsiders
):
    for _ in range(6):
        other = factories.StudentFactory(organization=clinic)
        factories.CareTeamMemberFactory(student=other, user=psychologist)
    client = api_as(psychologist)
    first = client.get(url("students/?page_size=3")).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None
    last = client.get(url("students/?page_size=3&page=3")).json()
    assert last["count"] == 7
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert client.get(url("students/?page_size=3&page=4")).status_code == 404
    everyone = [
        row["id"]
        for page in (1, 2, 3)
        for row in client.get(url(f"students/?page_size=3&page={page}&ordering=grade")).json()[
            "results"
        ]
    ]
    assert len(set(everyone)) == 7


def test_someone_who_sees_no_student_gets_an_empty_first_page(api_as, outsiders, org_admin):
    body = api_as(org_admin).get(url("students/")).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_students_filter_by_name_and_school(api_as, psychologist, clinic, student, other_school):
    other = factories.StudentFactory(
        organization=clinic, school=other_school, first_name="Zara", last_name="Quill"
    )
    factories.CareTeamMemberFactory(student=other, user=psychologist)
    client = api_as(psychologist)
    by_name = client.get(url("students/?name=quill")).json()["results"]
    assert [row["id"] for row in by_name] == [other.pk]
    by_school = client.get(url(f"students/?school={student.school_id}")).json()["results"]
    assert [row["id"] for row in by_school] == [student.pk]


def test_students_sort_by_a_documented_field_and_refuse_any_other(
    api_as, psychologist, clinic, student
):
    older = factories.StudentFactory(organization=clinic, grade="9", last_name="Aaron")
    factories.CareTeamMemberFactory(student=older, user=psychologist)
    client = api_as(psychologist)
    by_grade = [row["id"] for row in client.get(url("students/?ordering=-grade")).json()["results"]]
    assert by_grade == [older.pk, student.pk]
    by_two = client.get(url("students/?ordering=grade,-last_name")).json()["results"]
    assert [row["id"] for row in by_two] == [student.pk, older.pk]
    for unknown in ("date_of_birth", "grade,date_of_birth", "", "-", "grade,", " grade"):
        response = client.get(url("students/"), {"ordering": unknown})
        assert response.status_code == 400, unknown
        assert list(response.json()["field_errors"]) == ["ordering"]
