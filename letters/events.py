"""What the portal tells people when something happens to a letter.

Called by services inside their transaction. The notifications app turns these into
messages; each call is the one place where a notification for that event belongs.
"""

import logging

logger = logging.getLogger(__name__)


def letter_signed(letter) -> None:
    """Guardians of the student: a new signed letter is ready to see and share."""
    logger.info("letter signed", extra={"letter_id": letter.pk})


def letter_revoked(letter) -> None:
    """Guardians and recipients of live shares: the letter was withdrawn."""
    logger.info("letter revoked", extra={"letter_id": letter.pk})


def share_opened(share, *, first_time: bool) -> None:
    """The guardian who shared: the recipient opened the link (worth telling the first time)."""
    logger.info("share opened", extra={"share_id": share.pk, "first_time": first_time})


def receipt_confirmed(share) -> None:
    """The guardian who shared and the signing clinician: the school confirmed receipt."""
    logger.info("receipt confirmed", extra={"share_id": share.pk})
