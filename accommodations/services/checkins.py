"""The family's weekly update."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    CheckIn,
)
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError
from portal.audit.actions import AuditAction
from portal.audit.services import record_event


def _refuse_impossible_answers(answers: dict) -> None:
    # The database refuses these too, but with an IntegrityError that reads like a duplicate.
    for name in ("pain_now", "pain_average", "pain_worst"):
        if not 0 <= answers.get(name, 0) <= 10:
            raise ServiceError(_("Choose a number from 0 to 10."), field=name)
    if answers.get("pain_worst", 0) < answers.get("pain_average", 0):
        raise ServiceError(
            _("The worst pain this week cannot be lower than the average pain."), field="pain_worst"
        )
    days = sum(answers.get(name) or 0 for name in ("days_full", "days_partial", "days_missed"))
    if days > 7:
        raise ServiceError(
            _("Full, partial and missed days add up to %(days)s, but a week has only 7 days.")
            % {"days": days},
            field="days_full",
        )
    score = answers.get("function_score")
    if score is not None and not 0 <= score <= 60:
        raise ServiceError(_("The score runs from 0 to 60."), field="function_score")


@transaction.atomic
def submit_checkin(*, access: StudentAccess, week_of: date, request=None, **answers) -> CheckIn:
    """Save the family's update for one week; one per student per week."""
    access.require("can_write_checkins")
    if week_of > timezone.localdate():
        raise ServiceError(_("That week has not started yet."), field="week_of")
    _refuse_impossible_answers(answers)
    if CheckIn.objects.filter(student=access.student, week_of=week_of).exists():
        raise ServiceError(
            _("An update for the week of %(week)s has already been sent.")
            % {"week": week_of.isoformat()},
            field="week_of",
        )
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                student=access.student, submitted_by=access.user, week_of=week_of, **answers
            )
    except IntegrityError:
        raise ServiceError(
            _("An update for the week of %(week)s has already been sent.")
            % {"week": week_of.isoformat()},
            field="week_of",
        ) from None
    record_event(
        actor=access.user,
        action=AuditAction.CHECKIN_SUBMITTED,
        student=access.student,
        target=checkin,
        request=request,
    )
    events.checkin_submitted(checkin)
    return checkin
