"""Messages about letters and letter links, for the letters app to call inside its services'
transactions (its models are read by attribute: letter.student, share.letter,
share.created_by, share.recipient_name, letter.signed_by)."""

import logging

from portal.notifications import recipients
from portal.notifications.kinds import Kind
from portal.notifications.services import notify
from portal.notifications.wording import portal_path, student_name

logger = logging.getLogger(__name__)


def _letter_page(letter) -> str:
    return portal_path("letters:letter_detail", letter.student_id, letter.pk)


def letter_signed(letter) -> None:
    """The student's guardians: a signed letter is ready to read and share."""
    student = letter.student
    notify(
        kind=Kind.LETTER_SIGNED,
        recipients=recipients.guardians_of(student),
        key=f"letter_signed:l{letter.pk}",
        student=student,
        params={"student": student_name(student)},
        url=_letter_page(letter),
        exclude=[getattr(letter, "signed_by_id", None)],
    )


def letter_revoked(letter) -> None:
    """The student's guardians: a letter they may have shared no longer stands."""
    student = letter.student
    notify(
        kind=Kind.LETTER_REVOKED,
        recipients=recipients.guardians_of(student),
        key=f"letter_revoked:l{letter.pk}",
        student=student,
        params={"student": student_name(student)},
        url=_letter_page(letter),
        exclude=[getattr(letter, "revoked_by_id", None)],
    )


def share_opened(share, *, first_time: bool = True) -> None:
    """The guardian who shared the letter, the first time the recipient opens it."""
    if not first_time:
        return
    letter = share.letter
    student = letter.student
    notify(
        kind=Kind.SHARE_OPENED,
        recipients=[share.created_by],
        key=f"share_opened:sh{share.pk}",
        student=student,
        params={"student": student_name(student), "recipient": share.recipient_name},
        url=_letter_page(letter),
    )


def share_receipt_confirmed(share) -> None:
    """The guardian who shared the letter, and the psychologist who signed it (the
    student's psychologists if the signer is no longer on the care team)."""
    letter = share.letter
    student = letter.student
    clinicians = recipients.care_team_of(student)
    signer_id = getattr(letter, "signed_by_id", None)
    if signer_id and clinicians.filter(pk=signer_id).exists():
        clinicians = clinicians.filter(pk=signer_id)
    else:
        clinicians = recipients.psychologists_of(student)
    notify(
        kind=Kind.SHARE_RECEIPT_CONFIRMED,
        recipients={share.created_by, *clinicians},
        key=f"share_receipt_confirmed:sh{share.pk}",
        student=student,
        params={"student": student_name(student), "recipient": share.recipient_name},
        url=_letter_page(letter),
    )


# The name letters/events.py uses for the same event.
receipt_confirmed = share_receipt_confirmed
