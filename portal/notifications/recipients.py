"""Who is told about what, written with the access rules of accommodations.selectors.

Each function answers "who may read this, and should hear about it" for one student; the
outbox later checks again, at send time, that the recipient can still see the student.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accommodations import selectors
from accommodations.models import CareTeamMember


def _users() -> QuerySet:
    return get_user_model().objects.filter(is_active=True)


def guardians_of(student) -> QuerySet:
    """The student's parents and guardians."""
    return _users().filter(guardianships__student=student).distinct()


def care_team_of(student, *, roles: tuple[str, ...] | None = None) -> QuerySet:
    """Clinicians on the student's care team, optionally only some roles."""
    members = CareTeamMember.objects.filter(student=student)
    if roles:
        members = members.filter(role__in=roles)
    return _users().filter(pk__in=members.values("user_id"))


def psychologists_of(student) -> QuerySet:
    return care_team_of(student, roles=(CareTeamMember.Role.PSYCHOLOGIST,))


def staff_covered_by(release) -> QuerySet:
    """Everyone on the release school's roster in a role it covers, whether or not it is in
    force (for notices that it starts, ends or was withdrawn). Staff in roles it does not cover
    never learn of the student."""
    return (
        _users()
        .filter(
            school_roles__school_id=release.school_id, school_roles__role__in=release.staff_roles
        )
        .distinct()
    )


def everyone_who_reads_the_device_card(student) -> QuerySet:
    """Care team, guardians, and school staff whose release covers the plan."""
    ids = set(care_team_of(student).values_list("pk", flat=True))
    ids |= set(guardians_of(student).values_list("pk", flat=True))
    ids |= set(
        selectors.school_staff_with_scope(student, selectors.SCOPE_PLAN).values_list(
            "pk", flat=True
        )
    )
    return _users().filter(pk__in=ids)
