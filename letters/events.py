"""What the portal tells people when something happens to a letter.

Called by services inside their transaction; portal.notifications writes the messages to its
outbox in that same transaction and queues their e-mail after commit, so a rolled-back
signature or share tells nobody anything.
"""

import logging

from portal.notifications import events as notifications

logger = logging.getLogger(__name__)


def letter_signed(letter) -> None:
    """Guardians of the student: a new signed letter is ready to see and share."""
    logger.info("letter signed", extra={"letter_id": letter.pk})
    notifications.letter_signed(letter)


def letter_revoked(letter) -> None:
    """Guardians of the student: a letter they may have shared no longer stands."""
    logger.info("letter revoked", extra={"letter_id": letter.pk})
    notifications.letter_revoked(letter)


def share_opened(share, *, first_time: bool) -> None:
    """The guardian who shared: the recipient opened the link (told the first time only)."""
    logger.info("share opened", extra={"share_id": share.pk, "first_time": first_time})
    notifications.share_opened(share, first_time=first_time)


def receipt_confirmed(share) -> None:
    """The guardian who shared and the signing clinician: the school confirmed receipt."""
    logger.info("receipt confirmed", extra={"share_id": share.pk})
    notifications.share_receipt_confirmed(share)
