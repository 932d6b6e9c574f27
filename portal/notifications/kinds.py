"""Every kind of message the portal sends: its wording, its default frequency, whether it is a
safety notice, and whether a recipient must still be able to see the student to receive it.

Wording carries as little health detail as possible: no pain scores, no diagnoses, no note
bodies. The portal holds the rest, behind the recipient's sign-in.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PLAN_PUBLISHED = "plan_published", _("A new plan version is published")
    PLAN_ACKNOWLEDGED = "plan_acknowledged", _("School staff acknowledge a plan")
    PLAN_QUESTION = "plan_question", _("School staff ask a question about a plan")
    CHECKIN_SUBMITTED = "checkin_submitted", _("A family sends a weekly update")
    SCHOOL_MESSAGE = "school_message", _("A family sends a message to school")
    NOTE_SHARED = "note_shared", _("The care team shares a note")
    LETTER_SIGNED = "letter_signed", _("A letter is signed")
    LETTER_REVOKED = "letter_revoked", _("A signed letter is withdrawn")
    SHARE_OPENED = "share_opened", _("Someone opens a letter you shared")
    SHARE_RECEIPT_CONFIRMED = "share_receipt_confirmed", _("Someone confirms receiving a letter")
    SHARE_EXPIRING = "share_expiring", _("A letter link is about to close")
    SHARE_EXPIRED = "share_expired", _("A letter link has closed")
    RELEASE_GRANTED = "release_granted", _("A school is given access")
    RELEASE_REVOKED = "release_revoked", _("A school's access is withdrawn")
    RELEASE_EXPIRING = "release_expiring", _("A school's access is about to end")
    RELEASE_EXPIRED = "release_expired", _("A school's access has ended")
    DEVICE_CARD_CHANGED = "device_card_changed", _("An emergency card changes")
    CARE_TEAM_JOINED = "care_team_joined", _("Someone joins a student's care team")
    CARE_TEAM_LEFT = "care_team_left", _("Someone leaves a student's care team")
    CHECKIN_REMINDER = "checkin_reminder", _("Reminder to send the weekly update")
    ACK_REMINDER = "ack_reminder", _("Reminder to acknowledge a plan")
    ACK_ESCALATION = "ack_escalation", _("A plan is still not acknowledged")
    PLAN_REVIEW_DUE = "plan_review_due", _("A plan review is coming up")
    DIGEST = "digest", _("Summary email")


class Frequency(models.TextChoices):
    INSTANT = "instant", _("Right away")
    DAILY = "daily", _("In a daily summary")
    WEEKLY = "weekly", _("In a weekly summary")
    OFF = "off", _("Off")


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


@dataclass(frozen=True)
class KindInfo:
    title: Promise
    """The in-app line; %(name)s placeholders are filled from the notification's params."""
    email_line: Promise | None = None
    """The e-mail's line when it must say less than the in-app one; defaults to the title."""
    default_frequency: str = Frequency.INSTANT
    safety: bool = False
    """Safety notices are always sent at once, whatever the preferences and quiet hours."""
    requires_access: bool = True
    """Sent only while the recipient can still see the student (False for notices of lost
    access)."""
    action: Promise = _("Open in the portal")
    audiences: frozenset[str] = frozenset({"care_team", "family", "school"})
    """Who receives this kind: the preferences page shows a person only their kinds."""


CARE_TEAM = frozenset({"care_team"})
FAMILY = frozenset({"family"})
SCHOOL = frozenset({"school"})


KINDS: dict[str, KindInfo] = {
    Kind.PLAN_PUBLISHED: KindInfo(
        title=_("A new accommodation plan for %(student)s is ready to read (version %(version)s)."),
        action=_("Read the plan"),
        audiences=FAMILY | SCHOOL,
    ),
    Kind.PLAN_ACKNOWLEDGED: KindInfo(
        title=_("%(actor)s read version %(version)s of %(student)s's plan."),
        default_frequency=Frequency.DAILY,
        action=_("See who has read it"),
        audiences=CARE_TEAM,
    ),
    Kind.PLAN_QUESTION: KindInfo(
        title=_("%(actor)s asked a question about %(student)s's plan."),
        action=_("Read the question"),
        audiences=CARE_TEAM,
    ),
    Kind.CHECKIN_SUBMITTED: KindInfo(
        title=_("%(student)s's family sent their weekly update."),
        default_frequency=Frequency.DAILY,
        action=_("Read the update"),
        audiences=CARE_TEAM,
    ),
    Kind.SCHOOL_MESSAGE: KindInfo(
        title=_("%(student)s's family sent a message to school."),
        action=_("Read the message"),
        audiences=SCHOOL,
    ),
    Kind.NOTE_SHARED: KindInfo(
        title=_("The care team shared a note about %(student)s."),
        action=_("Read the note"),
        audiences=FAMILY | SCHOOL,
    ),
    Kind.LETTER_SIGNED: KindInfo(
        title=_("A signed school letter for %(student)s is ready."),
        action=_("See the letter"),
        audiences=FAMILY,
    ),
    Kind.LETTER_REVOKED: KindInfo(
        title=_(
            "The care team withdrew a signed school letter for %(student)s; it no longer verifies as current."
        ),
        action=_("See the letter"),
        audiences=FAMILY,
    ),
    Kind.SHARE_OPENED: KindInfo(
        title=_("%(recipient)s opened the letter about %(student)s that you shared."),
        action=_("See the letter's history"),
        audiences=FAMILY,
    ),
    Kind.SHARE_RECEIPT_CONFIRMED: KindInfo(
        title=_("%(recipient)s confirmed receiving the letter about %(student)s."),
        action=_("See the letter's history"),
        audiences=FAMILY | CARE_TEAM,
    ),
    Kind.SHARE_EXPIRING: KindInfo(
        title=_("The letter link you sent to %(recipient)s about %(student)s closes on %(date)s."),
        action=_("See the letter"),
        audiences=FAMILY,
    ),
    Kind.SHARE_EXPIRED: KindInfo(
        title=_("The letter link you sent to %(recipient)s about %(student)s has closed."),
        action=_("See the letter"),
        audiences=FAMILY,
    ),
    Kind.RELEASE_GRANTED: KindInfo(
        title=_("%(student)s's family gave %(school)s access to information for school."),
        action=_("See what is shared"),
        audiences=SCHOOL | CARE_TEAM,
    ),
    Kind.RELEASE_REVOKED: KindInfo(
        title=_("%(student)s's family withdrew the access of %(school)s."),
        safety=True,
        requires_access=False,
        action=_("Open the portal"),
        audiences=SCHOOL | CARE_TEAM,
    ),
    Kind.RELEASE_EXPIRING: KindInfo(
        title=_("The access of %(school)s to %(student)s's information ends on %(date)s."),
        action=_("Review the access"),
        audiences=FAMILY | SCHOOL,
    ),
    Kind.RELEASE_EXPIRED: KindInfo(
        title=_("The access of %(school)s to %(student)s's information has ended."),
        requires_access=False,
        action=_("Open the portal"),
        audiences=FAMILY | SCHOOL,
    ),
    Kind.DEVICE_CARD_CHANGED: KindInfo(
        title=_("The implanted-device emergency card for %(student)s has changed. Please read it."),
        email_line=_("There is an important safety update about %(student)s. Please read it."),
        safety=True,
        action=_("Read the update"),
    ),
    Kind.CARE_TEAM_JOINED: KindInfo(
        title=_("%(member)s joined %(student)s's care team."),
        action=_("See the care team"),
        audiences=FAMILY,
    ),
    Kind.CARE_TEAM_LEFT: KindInfo(
        title=_("%(member)s is no longer on %(student)s's care team."),
        action=_("See the care team"),
        audiences=FAMILY,
    ),
    Kind.CHECKIN_REMINDER: KindInfo(
        title=_("Please send this week's update about %(student)s."),
        action=_("Send the update"),
        audiences=FAMILY,
    ),
    Kind.ACK_REMINDER: KindInfo(
        title=_(
            "Please read and acknowledge %(student)s's accommodation plan (version %(version)s)."
        ),
        action=_("Read the plan"),
        audiences=SCHOOL,
    ),
    Kind.ACK_ESCALATION: KindInfo(
        title=_(
            "%(count)s school staff have not acknowledged version %(version)s of "
            "%(student)s's plan after %(days)s school days."
        ),
        action=_("See who has read it"),
        audiences=CARE_TEAM,
    ),
    Kind.PLAN_REVIEW_DUE: KindInfo(
        title=_("%(student)s's accommodation plan is due for review on %(date)s."),
        action=_("Open the plan"),
        audiences=CARE_TEAM,
    ),
    Kind.DIGEST: KindInfo(
        title=_("Your summary of updates in the portal."),
        requires_access=False,
    ),
}

SAFETY_KINDS = frozenset(kind for kind, info in KINDS.items() if info.safety)
CHOOSABLE_KINDS = [kind for kind in Kind if kind != Kind.DIGEST and kind not in SAFETY_KINDS]


def info(kind: str) -> KindInfo:
    return KINDS[kind]


def render_line(template: Promise, params: dict) -> str:
    """Fill a kind's wording with its params, in the active language and date format."""
    values = dict(params)
    if isinstance(values.get("date"), str):
        try:
            values["date"] = date_format(date.fromisoformat(values["date"]), "DATE_FORMAT")
        except ValueError:
            pass
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        # A translation with a placeholder the params do not have: say less, not nothing.
        return str(_("There is an update in the portal."))


def choosable_kinds_for(audiences: set[str]) -> list[str]:
    """The kinds a person with these relations may receive and choose a frequency for."""
    if not audiences:
        return list(CHOOSABLE_KINDS)
    return [kind for kind in CHOOSABLE_KINDS if KINDS[kind].audiences & audiences]


def safety_kinds_for(audiences: set[str]) -> list[str]:
    return [
        kind
        for kind in KINDS
        if kind in SAFETY_KINDS and (not audiences or KINDS[kind].audiences & audiences)
    ]
