"""The student visibility rule: care team, guardianship, or a release in force at one's school."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from accommodations import selectors
from accommodations.models import CareTeamMember, SchoolStaff
from accommodations.selectors import students_visible_to, visible_student_ids
from tests import factories


def visible(user) -> set[int]:
    return set(students_visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def school_nurse(school):
    user = factories.UserFactory(email="visibility-nurse@maplegrove.example")
    factories.SchoolStaffFactory(user=user, school=school, role=SchoolStaff.Role.NURSE)
    return user


def test_each_way_of_seeing_a_student(psychologist, guardian, nurse, student, other_student):
    assert visible(psychologist) == {student.pk}
    assert visible(guardian) == {student.pk}
    assert visible(nurse) == {student.pk}


@pytest.mark.parametrize(
    ("starts", "expires", "revoked", "seen"),
    [
        (-1, 30, False, True),  # in force
        (1, 30, False, False),  # not started yet
        (-30, -1, False, False),  # expired
        (-1, 30, True, False),  # withdrawn
    ],
    ids=["in force", "not started", "expired", "withdrawn"],
)
def test_school_staff_see_a_student_only_while_a_release_is_in_force(
    school_nurse, student, guardian, starts, expires, revoked, seen
):
    now = timezone.now()
    factories.ReleaseFactory(
        student=student,
        granted_by=guardian,
        starts_at=now + timedelta(days=starts),
        expires_at=now + timedelta(days=expires),
        revoked_at=now if revoked else None,
    )
    assert visible(school_nurse) == ({student.pk} if seen else set())


def test_a_release_to_another_school_shows_nothing(
    school_nurse, other_student, other_school, other_guardian
):
    factories.ReleaseFactory(student=other_student, school=other_school, granted_by=other_guardian)
    assert visible(school_nurse) == set()


def test_a_release_is_judged_at_the_moment_asked(school_nurse, student, guardian):
    now = timezone.now()
    factories.ReleaseFactory(
        student=student,
        granted_by=guardian,
        starts_at=now + timedelta(days=2),
        expires_at=now + timedelta(days=10),
    )
    in_a_week = now + timedelta(days=7)
    assert set(
        visible_student_ids(school_nurse, at=in_a_week).values_list("student_id", flat=True)
    ) == {student.pk}
    assert visible(school_nurse) == set()


def test_a_student_seen_several_ways_is_listed_once(psychologist, student, guardian, school):
    # The psychologist is also the student's guardian and works at the student's school.
    factories.GuardianshipFactory(student=student, guardian=psychologist)
    factories.SchoolStaffFactory(user=psychologist, school=school, role=SchoolStaff.Role.NURSE)
    factories.ReleaseFactory(student=student, granted_by=guardian)
    assert list(students_visible_to(psychologist).values_list("pk", flat=True)) == [student.pk]
    assert students_visible_to(psychologist).count() == 1


def test_inactive_and_anonymous_users_see_no_one(psychologist, student):
    assert visible(AnonymousUser()) == set()
    psychologist.is_active = False
    psychologist.save(update_fields=["is_active"])
    assert visible(psychologist) == set()


def test_the_prebuilt_sql_answers_as_the_orm_rule_for_everyone(
    psychologist, guardian, nurse, outsiders, org_admin, student
):
    for user in [psychologist, guardian, nurse, org_admin, *outsiders.values()]:
        by_rule = set(visible_student_ids(user).values_list("student_id", flat=True))
        assert visible(user) == by_rule, user.email


def test_the_prebuilt_sql_refuses_a_rule_with_a_value_fixed_when_it_was_built(monkeypatch):
    def frozen_rule(user, at=None):
        return CareTeamMember.objects.filter(user=user, added_at__lte=timezone.now()).values(
            "student_id"
        )

    monkeypatch.setattr(selectors, "visible_student_ids", frozen_rule)
    selectors._visible_ids_template.cache_clear()
    try:
        with pytest.raises(ValueError, match="cannot fill in"):
            selectors._visible_ids_template(DEFAULT_DB_ALIAS)
    finally:
        selectors._visible_ids_template.cache_clear()
