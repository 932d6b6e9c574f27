"""Care-team notes: written once, corrected within a grace period, then by addenda."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    CareNote,
)
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError
from portal.audit.actions import AuditAction
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
    """Write a care-team note (or an addendum correcting one). Idempotent per submission key:
    the same key with the same note returns the note saved first; the key with anything else
    (another student, body, visibility or note to correct) raises SubmissionKeyReused."""
    access.require("can_write_notes")
    body = body.strip()
    if not body:
        raise ServiceError(_("Write the note before saving."), field="body")
    if addendum_to is not None:
        if addendum_to.student_id != access.student.pk:
            raise ServiceError(_("That note belongs to another student."))
        visibility = addendum_to.visibility
        addendum_to = addendum_to.addendum_to or addendum_to
    submission = {
        "student_id": access.student.pk,
        "author_id": access.user.pk,
        "addendum_to_id": addendum_to.pk if addendum_to is not None else None,
        "visibility": visibility,
        "body": body,
    }
    if submission_key is not None:
        existing = _note_submitted_with(submission_key, submission)
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            note = CareNote.objects.create(
                student=access.student,
                author=access.user,
                visibility=visibility,
                body=body,
                addendum_to=addendum_to,
                submission_key=submission_key,
            )
    except IntegrityError:
        # A concurrent submission with the same key saved first.
        existing = _note_submitted_with(submission_key, submission) if submission_key else None
        if existing is None:
            raise
        return existing
    record_event(
        actor=access.user,
        action=AuditAction.NOTE_ADDED,
        student=access.student,
        target=note,
        request=request,
        extra={"visibility": visibility, "addendum": addendum_to is not None},
    )
    events.note_shared(note)
    return note


class SubmissionKeyReused(ServiceError):
    """A submission key already saved a different note: nothing is saved, the key stays its."""


def _note_submitted_with(submission_key: uuid.UUID, submission: dict) -> CareNote | None:
    """The note already saved with the key if it is this very submission; None if the key is
    new; SubmissionKeyReused if the key saved anything else."""
    existing = CareNote.objects.filter(submission_key=submission_key).first()
    if existing is None:
        return None
    if any(getattr(existing, name) != value for name, value in submission.items()):
        # Say nothing about the other note: not whose it is, which student it is about, nor
        # how it differs.
        raise SubmissionKeyReused(
            _("This form was already used for another note. Reload the page and write it again."),
            field="submission_key",
        )
    return existing


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
        action=AuditAction.NOTE_EDITED,
        student=access.student,
        target=note,
        request=request,
    )
    return note
