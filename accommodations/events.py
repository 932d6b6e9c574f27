"""What the portal tells people when something happens to a student's record.

Called by services inside their transaction; whatever is sent is queued only after commit.
"""

import logging

logger = logging.getLogger(__name__)


def plan_published(plan) -> None:
    logger.info("plan published", extra={"plan_id": plan.pk})


def plan_acknowledged(acknowledgement) -> None:
    logger.info("plan acknowledged", extra={"acknowledgement_id": acknowledgement.pk})


def note_shared(note) -> None:
    logger.info("note added", extra={"note_id": note.pk})


def checkin_submitted(checkin) -> None:
    logger.info("check-in submitted", extra={"checkin_id": checkin.pk})


def release_granted(release) -> None:
    logger.info("release granted", extra={"release_id": release.pk})


def release_revoked(release) -> None:
    logger.info("release revoked", extra={"release_id": release.pk})


def device_card_changed(student) -> None:
    logger.info("device card changed", extra={"student_id": student.pk})
