"""The closed list of what the audit log records, each with a label and a plain description.

Every call to record_event names one of these; the audit page, its filter and the export show
the label, and the description says in plain words what the row means.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # Signing in and out
    SIGN_IN = "auth.sign_in", _("Signed in")
    SIGN_OUT = "auth.sign_out", _("Signed out")
    SIGN_IN_FAILED = "auth.sign_in_failed", _("Failed sign-in")
    SIGN_IN_FAILURES_BURST = "auth.sign_in_failures_burst", _("Many failed sign-ins")
    MFA_ENABLED = "auth.mfa_enabled", _("Set up a second factor")
    MFA_DISABLED = "auth.mfa_disabled", _("Removed a second factor")
    MFA_FAILED = "auth.mfa_failed", _("Wrong second-factor code")
    REAUTH_FAILED = "auth.reauthentication_failed", _("Failed to confirm identity")
    # Reading a student's record
    STUDENT_VIEWED = "student.viewed", _("Opened a student")
    STUDENT_LIST_VIEWED = "students.list_viewed", _("Opened a list of students")
    CASELOAD_VIEWED = "caseload.viewed", _("Opened the caseload")
    PLAN_VIEWED = "plan.viewed", _("Read a plan")
    PLAN_DRAFT_VIEWED = "plan_draft.viewed", _("Read a plan draft")
    DEVICE_CARD_VIEWED = "device_card.viewed", _("Opened an emergency card")
    NOTES_VIEWED = "notes.viewed", _("Read care notes")
    CHECKINS_VIEWED = "checkins.viewed", _("Read weekly updates")
    SCHOOL_UPDATES_VIEWED = "school_updates.viewed", _("Read messages to school")
    RELEASES_VIEWED = "releases.viewed", _("Read releases")
    LETTERS_VIEWED = "letters.viewed", _("Read letters")
    LETTER_PDF_VIEWED = "letter.pdf_viewed", _("Opened a letter PDF")
    ACCESS_LOG_VIEWED = "access_log.viewed", _("Read who has looked")
    ACCESS_REFUSED = "access.refused", _("Refused a look-up")
    ACCESS_REFUSALS_BURST = "access.refusals_burst", _("Many refused look-ups")
    # The student's record
    STUDENT_PROFILE_CHANGED = "student.profile_changed", _("Changed a student's details")
    CARE_TEAM_REMOVED = "care_team.removed", _("Removed someone from a care team")
    DEVICE_CARD_UPDATED = "device_card.updated", _("Changed an emergency card")
    PLAN_DRAFT_STARTED = "plan.draft_started", _("Started a plan draft")
    PLAN_ITEM_ADDED = "plan.item_added", _("Added an accommodation")
    PLAN_ITEM_CHANGED = "plan.item_changed", _("Changed an accommodation")
    PLAN_ITEM_MOVED = "plan.item_moved", _("Moved an accommodation")
    PLAN_ITEM_REMOVED = "plan.item_removed", _("Removed an accommodation")
    PLAN_REVIEW_DATE_SET = "plan.review_date_set", _("Set a plan's review date")
    PLAN_PUBLISHED = "plan.published", _("Published a plan")
    PLAN_DRAFT_DISCARDED = "plan.draft_discarded", _("Discarded a plan draft")
    PLAN_ACKNOWLEDGED = "plan.acknowledged", _("Acknowledged a plan")
    NOTE_ADDED = "note.added", _("Wrote a note")
    NOTE_EDITED = "note.edited", _("Corrected a note")
    CHECKIN_SUBMITTED = "checkin.submitted", _("Sent a weekly update")
    RELEASE_GRANTED = "release.granted", _("Granted a release")
    RELEASE_REVOKED = "release.revoked", _("Revoked a release")
    # People and schools
    INVITATION_SENT = "invitation.sent", _("Sent an invitation")
    INVITATION_ACCEPTED = "invitation.accepted", _("Accepted an invitation")
    INVITATION_WITHDRAWN = "invitation.withdrawn", _("Withdrew an invitation")
    INVITATION_RESENT = "invitation.resent", _("Sent an invitation again")
    SCHOOL_ADDED = "school.added", _("Added a school")
    SCHOOL_CHANGED = "school.changed", _("Changed a school")
    SCHOOL_STAFF_REMOVED = "school_staff.removed", _("Removed someone from a school roster")
    STAFF_REQUEST_MADE = "staff_request.made", _("Asked for someone at school")
    STAFF_REQUEST_CONFIRMED = "staff_request.confirmed", _("Confirmed someone at school")
    STAFF_REQUEST_DECLINED = "staff_request.declined", _("Declined someone at school")
    # Letters
    LETTER_DRAFTED = "letter.drafted", _("Drafted a letter")
    LETTER_EDITED = "letter.edited", _("Edited a letter draft")
    LETTER_DRAFT_DISCARDED = "letter.draft_discarded", _("Discarded a letter draft")
    LETTER_SIGNED = "letter.signed", _("Signed a letter")
    LETTER_REVOKED = "letter.revoked", _("Revoked a letter")
    LETTER_SHARED = "letter.shared", _("Shared a letter")
    LETTER_SHARE_REVOKED = "letter.share_revoked", _("Stopped sharing a letter")
    LETTER_SHARE_OPENED = "letter.share_opened", _("Opened a shared letter")
    LETTER_SHARE_DOWNLOADED = "letter.share_downloaded", _("Downloaded a shared letter")
    LETTER_SHARE_CONFIRMED = "letter.share_confirmed", _("Confirmed receipt of a letter")
    LETTER_VERIFICATION_UPLOAD = "letter.verification_upload", _("Checked a letter's authenticity")
    SIGNING_PROFILE_SAVED = "letter.signing_profile_saved", _("Changed a signing profile")
    LETTER_TEMPLATE_UPDATED = "letter_template.updated", _("Changed a letter template")
    # Access for programs and the log itself
    API_TOKEN_CREATED = "api_token.created", _("Created an API token")
    API_TOKEN_REVOKED = "api_token.revoked", _("Revoked an API token")
    AUDIT_EXPORTED = "audit.exported", _("Exported the audit log")


DESCRIPTIONS: dict[str, str] = {
    AuditAction.SIGN_IN: _("Someone signed in to the portal."),
    AuditAction.SIGN_OUT: _("Someone signed out."),
    AuditAction.SIGN_IN_FAILED: _(
        "A sign-in to this account failed: wrong password or unknown address."
    ),
    AuditAction.SIGN_IN_FAILURES_BURST: _(
        "Many sign-ins to one account failed within minutes: someone may be guessing."
    ),
    AuditAction.MFA_ENABLED: _("The person added an authenticator app or a security key."),
    AuditAction.MFA_DISABLED: _("The person removed an authenticator app or a security key."),
    AuditAction.MFA_FAILED: _("A second-factor code was wrong."),
    AuditAction.REAUTH_FAILED: _(
        "Before signing a letter the person gave a wrong password or code."
    ),
    AuditAction.STUDENT_VIEWED: _("The person opened the student's record."),
    AuditAction.STUDENT_LIST_VIEWED: _(
        "The person opened a list of students (names and plan status)."
    ),
    AuditAction.CASELOAD_VIEWED: _("A clinician opened their caseload."),
    AuditAction.PLAN_VIEWED: _("The person read a published accommodation plan."),
    AuditAction.PLAN_DRAFT_VIEWED: _("A clinician read a plan draft that is not published."),
    AuditAction.DEVICE_CARD_VIEWED: _(
        "The person opened the emergency card: contacts, warning signs and steps."
    ),
    AuditAction.NOTES_VIEWED: _("The person read care notes they are allowed to see."),
    AuditAction.CHECKINS_VIEWED: _("The person read the family's weekly updates."),
    AuditAction.SCHOOL_UPDATES_VIEWED: _("School staff read what the family sent to school."),
    AuditAction.RELEASES_VIEWED: _("The person read which schools may see what."),
    AuditAction.LETTERS_VIEWED: _("The person read the student's letters or a letter's text."),
    AuditAction.LETTER_PDF_VIEWED: _("The person opened or downloaded a letter's PDF."),
    AuditAction.ACCESS_LOG_VIEWED: _("The family read who has looked at the record."),
    AuditAction.ACCESS_REFUSED: _(
        "The person asked for a student's page they may not see and got 'not found'."
    ),
    AuditAction.ACCESS_REFUSALS_BURST: _(
        "One person asked for many pages they may not see within minutes: look at why."
    ),
    AuditAction.STUDENT_PROFILE_CHANGED: _("A clinician corrected the student's details."),
    AuditAction.CARE_TEAM_REMOVED: _("A clinician was taken off the student's care team."),
    AuditAction.DEVICE_CARD_UPDATED: _("A clinician changed the emergency card."),
    AuditAction.PLAN_DRAFT_STARTED: _("A clinician started a new plan draft."),
    AuditAction.PLAN_ITEM_ADDED: _("An accommodation was added to a draft."),
    AuditAction.PLAN_ITEM_CHANGED: _("An accommodation in a draft was changed."),
    AuditAction.PLAN_ITEM_MOVED: _("An accommodation was moved up or down in a draft."),
    AuditAction.PLAN_ITEM_REMOVED: _("An accommodation was taken out of a draft."),
    AuditAction.PLAN_REVIEW_DATE_SET: _("The date to review the plan was set or changed."),
    AuditAction.PLAN_PUBLISHED: _("A new plan version was published to family and school."),
    AuditAction.PLAN_DRAFT_DISCARDED: _("A plan draft was thrown away unpublished."),
    AuditAction.PLAN_ACKNOWLEDGED: _("School staff confirmed they read a plan version."),
    AuditAction.NOTE_ADDED: _("A care note was written."),
    AuditAction.NOTE_EDITED: _("A care note was corrected with an addendum."),
    AuditAction.CHECKIN_SUBMITTED: _("The family sent a weekly update."),
    AuditAction.RELEASE_GRANTED: _("The family let a school see part of the record."),
    AuditAction.RELEASE_REVOKED: _("The family withdrew a school's release."),
    AuditAction.INVITATION_SENT: _("An invitation to the portal was sent."),
    AuditAction.INVITATION_ACCEPTED: _("Someone accepted an invitation and has an account."),
    AuditAction.INVITATION_WITHDRAWN: _("An invitation was withdrawn before it was used."),
    AuditAction.INVITATION_RESENT: _("An invitation was sent again with a new link."),
    AuditAction.SCHOOL_ADDED: _("A clinic administrator added a school."),
    AuditAction.SCHOOL_CHANGED: _("A school's name or e-mail domains changed."),
    AuditAction.SCHOOL_STAFF_REMOVED: _(
        "Someone was taken off a school's roster and sees none of its students."
    ),
    AuditAction.STAFF_REQUEST_MADE: _("A family asked for a named person at school."),
    AuditAction.STAFF_REQUEST_CONFIRMED: _("The family's request was confirmed and invited."),
    AuditAction.STAFF_REQUEST_DECLINED: _("The family's request was declined."),
    AuditAction.LETTER_DRAFTED: _("A psychologist started a school letter."),
    AuditAction.LETTER_EDITED: _("A letter draft was edited."),
    AuditAction.LETTER_DRAFT_DISCARDED: _("A letter draft was thrown away unsigned."),
    AuditAction.LETTER_SIGNED: _("A letter was signed and can be shared."),
    AuditAction.LETTER_REVOKED: _("A signed letter was revoked and no longer verifies."),
    AuditAction.LETTER_SHARED: _("The family shared a signed letter through a link."),
    AuditAction.LETTER_SHARE_REVOKED: _("The family closed a share link."),
    AuditAction.LETTER_SHARE_OPENED: _("Someone opened a share link."),
    AuditAction.LETTER_SHARE_DOWNLOADED: _("Someone downloaded a letter through a share link."),
    AuditAction.LETTER_SHARE_CONFIRMED: _("The school confirmed receiving a shared letter."),
    AuditAction.LETTER_VERIFICATION_UPLOAD: _(
        "Someone uploaded a PDF to check that the portal issued it."
    ),
    AuditAction.SIGNING_PROFILE_SAVED: _("A clinician changed their signature or credentials."),
    AuditAction.LETTER_TEMPLATE_UPDATED: _("A clinic administrator changed a letter template."),
    AuditAction.API_TOKEN_CREATED: _("An API token was made for a program."),
    AuditAction.API_TOKEN_REVOKED: _("An API token was revoked."),
    AuditAction.AUDIT_EXPORTED: _("A clinic administrator exported part of the audit log."),
}

# What a family's "who has looked" page lists: opening their child's record, not changing it.
READ_ACTIONS = frozenset(
    {
        AuditAction.STUDENT_VIEWED,
        AuditAction.PLAN_VIEWED,
        AuditAction.PLAN_DRAFT_VIEWED,
        AuditAction.DEVICE_CARD_VIEWED,
        AuditAction.NOTES_VIEWED,
        AuditAction.CHECKINS_VIEWED,
        AuditAction.SCHOOL_UPDATES_VIEWED,
        AuditAction.RELEASES_VIEWED,
        AuditAction.LETTERS_VIEWED,
        AuditAction.LETTER_PDF_VIEWED,
        AuditAction.LETTER_SHARE_OPENED,
        AuditAction.LETTER_SHARE_DOWNLOADED,
    }
)

SIGN_IN_ACTIONS = frozenset({AuditAction.SIGN_IN, AuditAction.SIGN_OUT, AuditAction.SIGN_IN_FAILED})

# Things a clinic administrator is asked to look at.
ALERT_ACTIONS = frozenset({AuditAction.SIGN_IN_FAILURES_BURST, AuditAction.ACCESS_REFUSALS_BURST})
