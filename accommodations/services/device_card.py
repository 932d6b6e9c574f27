"""The implanted-device emergency card."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    Student,
)
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError
from portal.audit.actions import AuditAction
from portal.audit.services import record_event


@transaction.atomic
def update_device_card(*, access: StudentAccess, request=None, **fields) -> Student:
    """Change the implanted-device emergency card; schools and family are told (safety notice).

    Raises ServiceError when a student with a device would be left without who to call or
    what to do."""
    access.require("can_edit_device_card")
    student = access.student
    allowed = Student.DEVICE_CARD_FIELDS
    after = {name: fields.get(name, getattr(student, name)) for name in allowed}
    if after["device_type"] != Student.Device.NONE:
        for name in ("device_emergency_contacts", "device_emergency_steps"):
            if not (after[name] or "").strip():
                raise ServiceError(
                    _("An emergency card needs this when the student has a device."), field=name
                )
    changed = [
        name
        for name, value in fields.items()
        if name in allowed and getattr(student, name) != value
    ]
    if not changed:
        return student
    for name in changed:
        setattr(student, name, fields[name])
    student.device_card_updated_at = timezone.now()
    student.save(update_fields=[*changed, "device_card_updated_at"])
    record_event(
        actor=access.user,
        action=AuditAction.DEVICE_CARD_UPDATED,
        student=student,
        target=student,
        request=request,
        extra={"fields": changed},
    )
    events.device_card_changed(student)
    return student
