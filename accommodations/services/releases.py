"""Releases: a family's authorization for one school to see chosen parts of the record."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    Release,
    School,
    SchoolStaff,
)
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError, lock_student
from portal.audit.actions import AuditAction
from portal.audit.services import record_event


@transaction.atomic
def grant_release(
    *,
    access: StudentAccess,
    school: School,
    scopes: set[str],
    starts_at: datetime,
    expires_at: datetime,
    staff_roles: set[str] | None = None,
    request=None,
) -> Release:
    """A guardian authorizes the staff of one school in the roles chosen (nurse and counselor
    unless said otherwise) to see the scopes chosen, from start to expiry."""
    access.require("can_manage_releases")
    unknown = set(scopes) - set(Release.SCOPES)
    if unknown or not scopes:
        raise ServiceError(_("Choose at least one thing the school may see."), field="scopes")
    if staff_roles is None:
        staff_roles = set(Release.DEFAULT_STAFF_ROLES)
    if not staff_roles or set(staff_roles) - set(SchoolStaff.Role.values):
        raise ServiceError(
            _("Choose at least one group of school staff who may see it."), field="staff_roles"
        )
    if expires_at <= starts_at:
        raise ServiceError(_("The release must expire after it starts."), field="expires_at")
    if expires_at <= timezone.now():
        raise ServiceError(_("The expiry date is already in the past."), field="expires_at")
    lock_student(access.student)
    overlapping = Release.objects.filter(
        student=access.student,
        school=school,
        revoked_at__isnull=True,
        expires_at__gt=starts_at,
        starts_at__lt=expires_at,
    )
    if overlapping.exists():
        raise ServiceError(
            _(
                "%(school)s already has a release for this period. Revoke it first to change what they see."
            )
            % {"school": school.name},
            field="school",
        )
    release = Release.objects.create(
        student=access.student,
        school=school,
        granted_by=access.user,
        starts_at=starts_at,
        expires_at=expires_at,
        **{f"scope_{scope}": scope in scopes for scope in Release.SCOPES},
        **{f"covers_{role}": role in staff_roles for role in SchoolStaff.Role.values},
    )
    record_event(
        actor=access.user,
        action=AuditAction.RELEASE_GRANTED,
        student=access.student,
        target=release,
        request=request,
        extra={
            "school_id": school.pk,
            "scopes": sorted(scopes),
            "staff_roles": sorted(staff_roles),
        },
    )
    events.release_granted(release)
    return release


@transaction.atomic
def revoke_release(*, access: StudentAccess, release: Release, request=None) -> Release:
    """Withdraw a school's access at once; revoking twice changes nothing."""
    access.require("can_manage_releases")
    if release.student_id != access.student.pk:
        raise ServiceError(_("That release belongs to another student."))
    now = timezone.now()
    updated = Release.objects.filter(pk=release.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=access.user
    )
    release.refresh_from_db()
    if updated:
        record_event(
            actor=access.user,
            action=AuditAction.RELEASE_REVOKED,
            student=access.student,
            target=release,
            request=request,
        )
        events.release_revoked(release)
    return release
