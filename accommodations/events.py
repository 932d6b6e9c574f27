"""What the portal tells people when something happens to a student's record.

Called by services inside their transaction: the messages are written to the outbox in that
same transaction, and their e-mail is queued only after it commits, so a rolled-back change
tells nobody anything. Recipients follow the access rules (accommodations.selectors).
"""

import logging

from accommodations import selectors
from portal.notifications import recipients
from portal.notifications.kinds import Kind
from portal.notifications.services import mark_done, notify
from portal.notifications.wording import portal_path, student_name

logger = logging.getLogger(__name__)


def plan_published(plan) -> None:
    """School staff who must acknowledge it, and the guardians."""
    logger.info("plan published", extra={"plan_id": plan.pk})
    student = plan.student
    people = set(selectors.school_staff_with_scope(student, selectors.SCOPE_PLAN))
    people |= set(recipients.guardians_of(student))
    notify(
        kind=Kind.PLAN_PUBLISHED,
        recipients=people,
        key=f"plan_published:p{plan.pk}",
        student=student,
        params={"student": student_name(student), "version": plan.version},
        url=portal_path("accommodations:plan", student.pk),
        exclude=[plan.published_by_id],
    )


def plan_acknowledged(acknowledgement) -> None:
    """The psychologists (the whole care team if it has none): read, or a question asked.
    The acknowledger's own notice of the version and reminders about it are done with."""
    logger.info("plan acknowledged", extra={"acknowledgement_id": acknowledgement.pk})
    plan = acknowledgement.plan
    mark_done(
        user=acknowledgement.user,
        keys=[f"plan_published:p{plan.pk}"],
        key_prefixes=(f"ack_reminder:p{plan.pk}:",),
    )
    student = plan.student
    team = recipients.psychologists_of(student)
    if not team.exists():
        team = recipients.care_team_of(student)
    notify(
        kind=Kind.PLAN_QUESTION if acknowledgement.comment else Kind.PLAN_ACKNOWLEDGED,
        recipients=team,
        key=f"plan_acknowledged:a{acknowledgement.pk}",
        student=student,
        params={
            "student": student_name(student),
            "version": plan.version,
            "actor": acknowledgement.user.full_name or acknowledgement.user.email,
        },
        url=portal_path("accommodations:plan", student.pk),
        exclude=[acknowledgement.user_id],
    )


def note_shared(note) -> None:
    """A note for the family goes to the guardians; one for school also to school staff whose
    release covers notes. Care-team-only notes tell nobody."""
    logger.info("note added", extra={"note_id": note.pk})
    visibility = note.visibility
    if visibility not in ("family", "school"):
        return
    student = note.student
    people = set(recipients.guardians_of(student))
    if visibility == "school":
        people |= set(selectors.school_staff_with_scope(student, selectors.SCOPE_NOTES))
    notify(
        kind=Kind.NOTE_SHARED,
        recipients=people,
        key=f"note_shared:n{note.pk}",
        student=student,
        params={"student": student_name(student)},
        url=portal_path("accommodations:notes", student.pk),
        exclude=[note.author_id],
    )


def checkin_submitted(checkin) -> None:
    """The care team; the school only for a message to school, under a release covering
    updates."""
    logger.info("check-in submitted", extra={"checkin_id": checkin.pk})
    student = checkin.student
    params = {"student": student_name(student)}
    notify(
        kind=Kind.CHECKIN_SUBMITTED,
        recipients=recipients.care_team_of(student),
        key=f"checkin_submitted:c{checkin.pk}",
        student=student,
        params=params,
        url=portal_path("accommodations:checkins", student.pk),
        exclude=[checkin.submitted_by_id],
    )
    if checkin.message_to_school.strip():
        notify(
            kind=Kind.SCHOOL_MESSAGE,
            recipients=selectors.school_staff_with_scope(student, selectors.SCOPE_UPDATES),
            key=f"school_message:c{checkin.pk}",
            student=student,
            params=params,
            url=portal_path("accommodations:school_updates", student.pk),
            exclude=[checkin.submitted_by_id],
        )


def release_granted(release) -> None:
    """Staff at the school, and the care team."""
    logger.info("release granted", extra={"release_id": release.pk})
    _about_release(release, Kind.RELEASE_GRANTED, actor_id=release.granted_by_id)


def release_revoked(release) -> None:
    """Staff at the school, and the care team (a safety notice: it cannot be turned off)."""
    logger.info("release revoked", extra={"release_id": release.pk})
    _about_release(release, Kind.RELEASE_REVOKED, actor_id=release.revoked_by_id)


def _about_release(release, kind: str, *, actor_id) -> None:
    student = release.student
    params = {"student": student_name(student), "school": release.school.name}
    school_page = (
        portal_path("accommodations:student", student.pk)
        if kind == Kind.RELEASE_GRANTED
        else portal_path("home")
    )
    notify(
        kind=kind,
        recipients=recipients.staff_covered_by(release),
        key=f"{kind}:r{release.pk}:school",
        student=student,
        params=params,
        url=school_page,
        exclude=[actor_id],
    )
    notify(
        kind=kind,
        recipients=recipients.care_team_of(student),
        key=f"{kind}:r{release.pk}:team",
        student=student,
        params=params,
        url=portal_path("accommodations:releases", student.pk),
        exclude=[actor_id],
    )


def device_card_changed(student) -> None:
    """Everyone who reads the emergency card (a safety notice: it cannot be turned off)."""
    logger.info("device card changed", extra={"student_id": student.pk})
    version = student.device_card_updated_at.isoformat() if student.device_card_updated_at else ""
    notify(
        kind=Kind.DEVICE_CARD_CHANGED,
        recipients=recipients.everyone_who_reads_the_device_card(student),
        key=f"device_card:s{student.pk}:{version}",
        student=student,
        params={"student": student_name(student)},
        url=portal_path("accommodations:device_card", student.pk),
    )


def care_team_changed(student, member, *, joined: bool, actor_id=None) -> None:
    """The guardians: who joined or left the student's care team."""
    logger.info("care team changed", extra={"student_id": student.pk, "joined": joined})
    kind = Kind.CARE_TEAM_JOINED if joined else Kind.CARE_TEAM_LEFT
    notify(
        kind=kind,
        recipients=recipients.guardians_of(student),
        key=f"{kind}:s{student.pk}:u{member.user_id}:{member.pk}",
        student=student,
        params={
            "student": student_name(student),
            "member": member.user.full_name or member.user.email,
        },
        url=portal_path("accommodations:student", student.pk),
        exclude=[actor_id] if actor_id else (),
    )
