"""What a notification may say about a student, and where its link points."""

import logging

from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)


def student_name(student) -> str:
    """The name the family uses for the student, without the family name."""
    return student.preferred_name or student.first_name


def portal_path(url_name: str, *args) -> str:
    """The path of a portal page, or the notification centre if that page does not exist."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        logger.warning("no page named %s; linking to the notification centre", url_name)
        return reverse("notifications:centre")
