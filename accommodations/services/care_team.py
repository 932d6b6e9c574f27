"""The student's care team and profile: changed only here, audited, and the family told."""

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import CareTeamMember, School, Student
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError, lock_student
from portal.audit.actions import AuditAction
from portal.audit.services import record_event

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "school",
    "grade",
    "family_language",
)


@transaction.atomic
def remove_care_team_member(
    *, access: StudentAccess, member_id: int, request=None
) -> CareTeamMember:
    """Take a clinician off the student's care team: they lose access to the student at once,
    and the guardians are told. Raises Http404 for a member of another student's team,
    ServiceError for the team's last member."""
    access.require("can_edit_profile")
    lock_student(access.student)
    member = (
        CareTeamMember.objects.select_related("user")
        .filter(pk=member_id, student=access.student)
        .first()
    )
    if member is None:
        raise Http404
    if not CareTeamMember.objects.filter(student=access.student).exclude(pk=member.pk).exists():
        raise ServiceError(
            _("%(name)s is the only member of the care team. Invite someone else first.")
            % {"name": member.user}
        )
    record_event(
        actor=access.user,
        action=AuditAction.CARE_TEAM_REMOVED,
        student=access.student,
        target=member,
        request=request,
        extra={"user_id": member.user_id, "role": member.role},
    )
    member.delete()
    events.care_team_changed(access.student, member, joined=False, actor_id=access.user.pk)
    return member


@transaction.atomic
def update_student_profile(*, access: StudentAccess, request=None, **fields) -> Student:
    """Correct the student's names, date of birth, school, grade and family language.
    Raises ServiceError for a blank name."""
    access.require("can_edit_profile")
    student = access.student
    for name in ("first_name", "last_name"):
        if name in fields and not (fields[name] or "").strip():
            raise ServiceError(_("Enter the student's name."), field=name)
    if "school" in fields and fields["school"] is not None:
        if not isinstance(fields["school"], School):
            raise ServiceError(_("Choose the school."), field="school")
    changed = []
    for name in PROFILE_FIELDS:
        if name not in fields:
            continue
        value = fields[name].strip() if isinstance(fields[name], str) else fields[name]
        if getattr(student, name) != value:
            setattr(student, name, value)
            changed.append(name)
    if not changed:
        return student
    student.save(update_fields=changed)
    record_event(
        actor=access.user,
        action=AuditAction.STUDENT_PROFILE_CHANGED,
        student=student,
        target=student,
        request=request,
        extra={"fields": changed},
    )
    return student
