"""Care-team notes: written once, corrected within a grace period, then by addenda."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    CareNote,
)
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError
from portal.audit.services import record_event


@transaction.atomic
def add_note(
    *,
    access: StudentAccess,
    body: str,
    visibility: str,
    addendum_to: CareNote | None = None,
    submission_key: uuid.UUID | None = None,
    request=None,
) -> CareNote:
    """Write a care-team note (or an addendum correcting one); a repeated submission key saves once."""
    access.require("can_write_notes")
    if not body.strip():
        raise ServiceError(_("Write the note before saving."), field="body")
    if addendum_to is not None:
        if addendum_to.student_id != access.student.pk:
            raise ServiceError(_("That note belongs to another student."))
        visibility = addendum_to.visibility
        addendum_to = addendum_to.addendum_to or addendum_to
    if submission_key is not None:
        existing = CareNote.objects.filter(
            submission_key=submission_key, student=access.student
        ).first()
        if existing is not None:
            return existing
    note = CareNote.objects.create(
        student=access.student,
        author=access.user,
        visibility=visibility,
        body=body.strip(),
        addendum_to=addendum_to,
        submission_key=submission_key,
    )
    record_event(
        actor=access.user,
        action="note.added",
        student=access.student,
        target=note,
        request=request,
        extra={"visibility": visibility, "addendum": addendum_to is not None},
    )
    events.note_shared(note)
    return note


@transaction.atomic
def edit_note(*, access: StudentAccess, note: CareNote, body: str, request=None) -> CareNote:
    """Correct one's own note within the grace period; afterwards only addenda are allowed."""
    access.require("can_write_notes")
    if note.student_id != access.student.pk or note.author_id != access.user.pk:
        raise ServiceError(_("Only the author can change a note."))
    if not note.is_editable:
        raise ServiceError(
            _("Notes can be changed only in the first 15 minutes. Add an addendum instead.")
        )
    if not body.strip():
        raise ServiceError(_("A note cannot be empty."), field="body")
    note.body = body.strip()
    note.edited_at = timezone.now()
    note.save(update_fields=["body", "edited_at"])
    record_event(
        actor=access.user,
        action="note.edited",
        student=access.student,
        target=note,
        request=request,
    )
    return note
