"""The people every access test is written about.

In the Lakeside clinic, `psychologist` is on `student`'s care team and `physician_off_team`
works at the same clinic but is not; `guardian` is the student's parent; `nurse` works at the
student's school, which holds a release covering everything. Everyone else must see nothing:
`other_guardian` (another family), `nurse_other_school`, `other_clinic_clinician`, and staff of
the student's own school in roles the release does not cover (`teacher_not_covered`,
`school_admin`: releases cover the nurse and the counselor unless the family adds more).
"""

import pytest

from accommodations.models import CareTeamMember, SchoolStaff
from tests import factories


@pytest.fixture
def clinic(db):
    return factories.OrganizationFactory(name="Lakeside Children's Pain Clinic", slug="lakeside")


@pytest.fixture
def other_clinic(db):
    return factories.OrganizationFactory(name="Hillcrest Pediatric Pain Service", slug="hillcrest")


@pytest.fixture
def school(db):
    return factories.SchoolFactory(name="Maple Grove Middle School")


@pytest.fixture
def other_school(db):
    return factories.SchoolFactory(name="Riverbend High School")


@pytest.fixture
def psychologist(clinic):
    return factories.ClinicianFactory(
        organization=clinic, email="psychologist@lakeside.example", full_name="Dr. Rowan Example"
    )


@pytest.fixture
def student(clinic, school, psychologist):
    student = factories.StudentFactory(
        organization=clinic, school=school, first_name="Mia", last_name="Example", grade="7"
    )
    factories.CareTeamMemberFactory(
        student=student, user=psychologist, role=CareTeamMember.Role.PSYCHOLOGIST
    )
    factories.published_plan(student=student, items=3, by=psychologist)
    return student


@pytest.fixture
def physician_off_team(clinic):
    return factories.ClinicianFactory(organization=clinic, email="physician@lakeside.example")


@pytest.fixture
def org_admin(clinic):
    return factories.ClinicianFactory(
        organization=clinic, is_org_admin=True, email="admin@lakeside.example"
    )


@pytest.fixture
def guardian(student):
    return factories.GuardianshipFactory(
        student=student,
        guardian=factories.UserFactory(email="parent@family.example", full_name="Sam Example"),
    ).guardian


@pytest.fixture
def nurse(student, school, guardian):
    user = factories.UserFactory(email="nurse@maplegrove.example", full_name="Jordan Nurse")
    factories.SchoolStaffFactory(user=user, school=school, role=SchoolStaff.Role.NURSE)
    factories.ReleaseFactory(student=student, school=school, granted_by=guardian)
    return user


@pytest.fixture
def school_admin(school, org_admin):
    """Maple Grove's administrator: keeps its roster, vouched for by the clinic."""
    user = factories.UserFactory(email="principal@maplegrove.example", full_name="Dana Principal")
    factories.SchoolStaffFactory(
        user=user, school=school, role=SchoolStaff.Role.ADMINISTRATOR, added_by=org_admin
    )
    return user


@pytest.fixture
def other_student(clinic, other_school):
    student = factories.StudentFactory(organization=clinic, school=other_school, first_name="Leo")
    factories.published_plan(student=student, items=2)
    return student


@pytest.fixture
def other_guardian(other_student):
    return factories.GuardianshipFactory(
        student=other_student, guardian=factories.UserFactory(email="other-parent@family.example")
    ).guardian


@pytest.fixture
def nurse_other_school(other_student, other_school, other_guardian):
    user = factories.UserFactory(email="nurse@riverbend.example")
    factories.SchoolStaffFactory(user=user, school=other_school, role=SchoolStaff.Role.NURSE)
    factories.ReleaseFactory(student=other_student, school=other_school, granted_by=other_guardian)
    return user


@pytest.fixture
def other_clinic_clinician(other_clinic, other_school):
    user = factories.ClinicianFactory(
        organization=other_clinic, email="psychologist@hillcrest.example"
    )
    their_student = factories.StudentFactory(organization=other_clinic, school=other_school)
    factories.CareTeamMemberFactory(student=their_student, user=user)
    return user


@pytest.fixture
def teacher_not_covered(school):
    """A teacher on the student's school roster; the school's release does not cover teachers."""
    user = factories.UserFactory(email="teacher@maplegrove.example", full_name="Lee Teacher")
    factories.SchoolStaffFactory(user=user, school=school, role=SchoolStaff.Role.TEACHER)
    return user


@pytest.fixture
def outsiders(
    other_guardian,
    nurse_other_school,
    physician_off_team,
    other_clinic_clinician,
    teacher_not_covered,
    school_admin,
):
    """Everyone who must get 404 on every page of `student`."""
    return {
        "teacher at the school, role not covered": teacher_not_covered,
        "school administrator, role not covered": school_admin,
        "guardian of another child": other_guardian,
        "nurse at another school": nurse_other_school,
        "clinician not on the care team": physician_off_team,
        "clinician of another clinic": other_clinic_clinician,
    }


@pytest.fixture
def new_clinician(clinic):
    """A psychologist at the clinic who has not set up a second factor yet."""
    return factories.ClinicianFactory(
        organization=clinic,
        email="new.psychologist@lakeside.example",
        full_name="Dr. Casey New",
        second_factor=False,
    )


@pytest.fixture
def new_org_admin(clinic):
    """A clinic administrator who has not set up a second factor yet."""
    return factories.ClinicianFactory(
        organization=clinic,
        is_org_admin=True,
        email="new.admin@lakeside.example",
        second_factor=False,
    )
