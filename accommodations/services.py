"""Every write to students' plans, notes, check-ins and releases goes through here.

Pages and the API call the same functions, so a rule is written once. Functions that refuse
raise ServiceError with a message meant for the user; nothing is saved in that case.
"""

import uuid
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    CareNote,
    CheckIn,
    PlanItem,
    Release,
    School,
    SchoolStaff,
    Student,
)
from accommodations.selectors import StudentAccess, current_published_plan
from portal.audit.services import record_event


class ServiceError(Exception):
    """A refusal with a message for the user; `field` names the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _lock_student(student: Student) -> None:
    # Serialises concurrent writers of one student's plan (select_for_update is a no-op on
    # SQLite, where the IMMEDIATE transaction mode already serialises writers).
    Student.objects.select_for_update().filter(pk=student.pk).first()


# Plans ------------------------------------------------------------------------------------


@transaction.atomic
def start_draft(*, access: StudentAccess, request=None) -> AccommodationPlan:
    """The student's open draft, creating draft N+1 from the current version if none is open."""
    access.require("can_edit_plan")
    student = access.student
    _lock_student(student)
    draft = AccommodationPlan.objects.filter(student=student, status=AccommodationPlan.Status.DRAFT).first()
    if draft is not None:
        return draft
    published = current_published_plan(student)
    highest = AccommodationPlan.objects.filter(student=student).aggregate(v=Max("version"))["v"] or 0
    draft = AccommodationPlan.objects.create(
        student=student,
        version=highest + 1,
        status=AccommodationPlan.Status.DRAFT,
        review_date=published.review_date if published else None,
        based_on=published,
        created_by=access.user,
    )
    if published is not None:
        PlanItem.objects.bulk_create(
            PlanItem(
                plan=draft,
                template_id=item.template_id,
                category=item.category,
                title=item.title,
                details=item.details,
                implementer=item.implementer,
                start_date=item.start_date,
                position=item.position,
            )
            for item in published.items.all()
        )
    record_event(actor=access.user, action="plan.draft_started", student=student, target=draft, request=request)
    return draft


def _editable_draft(access: StudentAccess, plan: AccommodationPlan) -> AccommodationPlan:
    access.require("can_edit_plan")
    if plan.student_id != access.student.pk:
        raise ServiceError(_("That plan belongs to another student."))
    if plan.is_published:
        raise ServiceError(_("This version is published and can no longer change. Edit the new draft instead."))
    return plan


def _next_position(plan: AccommodationPlan) -> int:
    return (plan.items.aggregate(p=Max("position"))["p"] or 0) + 1


@transaction.atomic
def add_item_from_template(
    *, access: StudentAccess, plan: AccommodationPlan, template: AccommodationTemplate, request=None
) -> PlanItem:
    """Add a catalog accommodation to the draft with its default details."""
    _editable_draft(access, plan)
    if template.organization_id != access.student.organization_id or not template.is_active:
        raise ServiceError(_("That accommodation is not in your clinic's catalog."))
    if plan.items.filter(template=template).exists():
        raise ServiceError(_("“%(title)s” is already in this plan.") % {"title": template.title})
    item = PlanItem.objects.create(
        plan=plan,
        template=template,
        category=template.category,
        title=template.title,
        details=template.default_details,
        implementer=template.implementer,
        position=_next_position(plan),
    )
    record_event(actor=access.user, action="plan.item_added", student=access.student, target=item, request=request)
    return item


@transaction.atomic
def add_custom_item(
    *,
    access: StudentAccess,
    plan: AccommodationPlan,
    category: str,
    title: str,
    details: str,
    implementer: str,
    start_date: date | None = None,
    request=None,
) -> PlanItem:
    """Add an accommodation written for this student only; refuses a title already in the plan,
    so a form sent twice adds it once."""
    _editable_draft(access, plan)
    _lock_student(access.student)
    if not title.strip():
        raise ServiceError(_("Give the accommodation a title."), field="title")
    if not details.strip():
        raise ServiceError(_("Describe what the school should do."), field="details")
    if plan.items.filter(title__iexact=title.strip()).exists():
        raise ServiceError(
            _("“%(title)s” is already in this plan.") % {"title": title.strip()}, field="title"
        )
    item = PlanItem.objects.create(
        plan=plan,
        category=category,
        title=title.strip(),
        details=details.strip(),
        implementer=implementer,
        start_date=start_date,
        position=_next_position(plan),
    )
    record_event(actor=access.user, action="plan.item_added", student=access.student, target=item, request=request)
    return item


@transaction.atomic
def update_item(
    *,
    access: StudentAccess,
    item: PlanItem,
    details: str,
    implementer: str,
    start_date: date | None,
    title: str | None = None,
    request=None,
) -> PlanItem:
    """Tailor one accommodation of the draft to this student."""
    _editable_draft(access, item.plan)
    item.details = details.strip()
    item.implementer = implementer
    item.start_date = start_date
    fields = ["details", "implementer", "start_date"]
    if title is not None and title.strip():
        item.title = title.strip()
        fields.append("title")
    item.save(update_fields=fields)
    record_event(actor=access.user, action="plan.item_changed", student=access.student, target=item, request=request)
    return item


@transaction.atomic
def remove_item(*, access: StudentAccess, item: PlanItem, request=None) -> None:
    """Take an accommodation out of the draft."""
    _editable_draft(access, item.plan)
    record_event(
        actor=access.user,
        action="plan.item_removed",
        student=access.student,
        target=item,
        request=request,
        extra={"title": item.title},
    )
    item.delete()


@transaction.atomic
def move_item(*, access: StudentAccess, item: PlanItem, direction: str, request=None) -> None:
    """Move an accommodation one place up or down in the draft."""
    plan = _editable_draft(access, item.plan)
    items = list(plan.items.order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap_with = index - 1 if direction == "up" else index + 1
    if swap_with < 0 or swap_with >= len(items):
        return
    items[index], items[swap_with] = items[swap_with], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def set_review_date(*, access: StudentAccess, plan: AccommodationPlan, review_date: date | None) -> None:
    """Set when the care team will next review the draft once published; it must be in the
    future."""
    _editable_draft(access, plan)
    if review_date is not None and review_date <= timezone.localdate():
        raise ServiceError(_("The review date must be in the future."), field="review_date")
    plan.review_date = review_date
    plan.save(update_fields=["review_date", "updated_at"])


@transaction.atomic
def publish_plan(
    *, access: StudentAccess, plan: AccommodationPlan, review_date: date | None = None, request=None
) -> AccommodationPlan:
    """Freeze the draft as the student's current version; raises ServiceError if it cannot be."""
    _lock_student(access.student)
    plan = AccommodationPlan.objects.filter(pk=plan.pk).first()
    if plan is None or plan.is_published:
        raise ServiceError(_("This draft has already been published."))
    _editable_draft(access, plan)
    review_date = review_date or plan.review_date
    if not plan.items.exists():
        raise ServiceError(_("Add at least one accommodation before publishing."))
    if review_date is None:
        raise ServiceError(_("Choose a review date before publishing."), field="review_date")
    if review_date <= timezone.localdate():
        raise ServiceError(_("The review date must be in the future."), field="review_date")
    plan.review_date = review_date
    plan.content_hash = plan.compute_content_hash()
    plan.status = AccommodationPlan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = access.user
    # The only write that turns a draft into a published version: a conditional update, so a
    # double-submitted form publishes once.
    updated = AccommodationPlan.objects.filter(pk=plan.pk, status=AccommodationPlan.Status.DRAFT).update(
        status=plan.status,
        review_date=plan.review_date,
        content_hash=plan.content_hash,
        published_at=plan.published_at,
        published_by=plan.published_by,
        updated_at=plan.published_at,
    )
    if updated != 1:
        raise ServiceError(_("This draft has already been published."))
    record_event(
        actor=access.user,
        action="plan.published",
        student=access.student,
        target=plan,
        request=request,
        extra={"version": plan.version},
    )
    events.plan_published(plan)
    return plan


@transaction.atomic
def discard_draft(*, access: StudentAccess, plan: AccommodationPlan, request=None) -> None:
    """Throw the open draft away; the published version stays as it is."""
    _editable_draft(access, plan)
    record_event(actor=access.user, action="plan.draft_discarded", student=access.student, target=plan, request=request)
    plan.items.all().delete()
    plan.delete()


# Acknowledgements ---------------------------------------------------------------------------


@transaction.atomic
def acknowledge_plan(
    *, access: StudentAccess, plan: AccommodationPlan, comment: str = "", request=None
) -> Acknowledgement:
    """Record that a school staff member read this version; refuses superseded versions."""
    access.require("can_acknowledge")
    if plan.student_id != access.student.pk or not plan.is_published:
        raise ServiceError(_("That plan version cannot be acknowledged."))
    current = current_published_plan(access.student)
    if current is None or current.pk != plan.pk:
        raise ServiceError(
            _("Version %(old)s has been replaced by version %(new)s. Please read and acknowledge the current version.")
            % {"old": plan.version, "new": current.version if current else "?"}
        )
    if Acknowledgement.objects.filter(plan=plan, user=access.user).exists():
        raise ServiceError(_("You have already acknowledged version %(v)s.") % {"v": plan.version})
    staff = (
        SchoolStaff.objects.filter(user=access.user, school_id__in=access.school_ids)
        .order_by("school_id")
        .first()
    )
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(
                plan=plan, user=access.user, school=staff.school, comment=comment.strip()
            )
    except IntegrityError:
        raise ServiceError(_("You have already acknowledged version %(v)s.") % {"v": plan.version}) from None
    record_event(
        actor=access.user,
        action="plan.acknowledged",
        student=access.student,
        target=acknowledgement,
        request=request,
        extra={"version": plan.version, "asked_question": bool(acknowledgement.comment)},
    )
    events.plan_acknowledged(acknowledgement)
    return acknowledgement


# Care notes ----------------------------------------------------------------------------------


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
    """Write a care-team note (or an addendum correcting one); a repeated submission key saves once."""
    access.require("can_write_notes")
    if not body.strip():
        raise ServiceError(_("Write the note before saving."), field="body")
    if addendum_to is not None:
        if addendum_to.student_id != access.student.pk:
            raise ServiceError(_("That note belongs to another student."))
        visibility = addendum_to.visibility
        addendum_to = addendum_to.addendum_to or addendum_to
    if submission_key is not None:
        existing = CareNote.objects.filter(submission_key=submission_key, student=access.student).first()
        if existing is not None:
            return existing
    note = CareNote.objects.create(
        student=access.student,
        author=access.user,
        visibility=visibility,
        body=body.strip(),
        addendum_to=addendum_to,
        submission_key=submission_key,
    )
    record_event(
        actor=access.user,
        action="note.added",
        student=access.student,
        target=note,
        request=request,
        extra={"visibility": visibility, "addendum": addendum_to is not None},
    )
    events.note_shared(note)
    return note


@transaction.atomic
def edit_note(*, access: StudentAccess, note: CareNote, body: str, request=None) -> CareNote:
    """Correct one's own note within the grace period; afterwards only addenda are allowed."""
    access.require("can_write_notes")
    if note.student_id != access.student.pk or note.author_id != access.user.pk:
        raise ServiceError(_("Only the author can change a note."))
    if not note.is_editable:
        raise ServiceError(_("Notes can be changed only in the first 15 minutes. Add an addendum instead."))
    if not body.strip():
        raise ServiceError(_("A note cannot be empty."), field="body")
    note.body = body.strip()
    note.edited_at = timezone.now()
    note.save(update_fields=["body", "edited_at"])
    record_event(actor=access.user, action="note.edited", student=access.student, target=note, request=request)
    return note


# Check-ins ------------------------------------------------------------------------------------


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
            _("An update for the week of %(week)s has already been sent.") % {"week": week_of.isoformat()},
            field="week_of",
        )
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                student=access.student, submitted_by=access.user, week_of=week_of, **answers
            )
    except IntegrityError:
        raise ServiceError(
            _("An update for the week of %(week)s has already been sent.") % {"week": week_of.isoformat()},
            field="week_of",
        ) from None
    record_event(actor=access.user, action="checkin.submitted", student=access.student, target=checkin, request=request)
    events.checkin_submitted(checkin)
    return checkin


# Releases -------------------------------------------------------------------------------------


@transaction.atomic
def grant_release(
    *,
    access: StudentAccess,
    school: School,
    scopes: set[str],
    starts_at: datetime,
    expires_at: datetime,
    request=None,
) -> Release:
    """A guardian authorizes one school to see the scopes chosen, from start to expiry."""
    access.require("can_manage_releases")
    unknown = set(scopes) - set(Release.SCOPES)
    if unknown or not scopes:
        raise ServiceError(_("Choose at least one thing the school may see."), field="scopes")
    if expires_at <= starts_at:
        raise ServiceError(_("The release must expire after it starts."), field="expires_at")
    if expires_at <= timezone.now():
        raise ServiceError(_("The expiry date is already in the past."), field="expires_at")
    _lock_student(access.student)
    overlapping = Release.objects.filter(
        student=access.student,
        school=school,
        revoked_at__isnull=True,
        expires_at__gt=starts_at,
        starts_at__lt=expires_at,
    )
    if overlapping.exists():
        raise ServiceError(
            _("%(school)s already has a release for this period. Revoke it first to change what they see.")
            % {"school": school.name},
            field="school",
        )
    release = Release.objects.create(
        student=access.student,
        school=school,
        granted_by=access.user,
        starts_at=starts_at,
        expires_at=expires_at,
        **{f"scope_{scope}": scope in scopes for scope in Release.SCOPES},
    )
    record_event(
        actor=access.user,
        action="release.granted",
        student=access.student,
        target=release,
        request=request,
        extra={"school_id": school.pk, "scopes": sorted(scopes)},
    )
    events.release_granted(release)
    return release


@transaction.atomic
def revoke_release(*, access: StudentAccess, release: Release, request=None) -> Release:
    """Withdraw a school's access at once; revoking twice changes nothing."""
    access.require("can_manage_releases")
    if release.student_id != access.student.pk:
        raise ServiceError(_("That release belongs to another student."))
    now = timezone.now()
    updated = Release.objects.filter(pk=release.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=access.user
    )
    release.refresh_from_db()
    if updated:
        record_event(actor=access.user, action="release.revoked", student=access.student, target=release, request=request)
        events.release_revoked(release)
    return release


# Device emergency card ------------------------------------------------------------------------


@transaction.atomic
def update_device_card(*, access: StudentAccess, request=None, **fields) -> Student:
    """Change the implanted-device emergency card; schools and family are told (safety notice)."""
    access.require("can_edit_device_card")
    student = access.student
    allowed = {
        "device_type",
        "device_description",
        "device_emergency_contacts",
        "device_warning_signs",
        "device_emergency_steps",
        "device_do_nots",
    }
    changed = [name for name, value in fields.items() if name in allowed and getattr(student, name) != value]
    if not changed:
        return student
    for name in changed:
        setattr(student, name, fields[name])
    student.device_card_updated_at = timezone.now()
    student.save(update_fields=[*changed, "device_card_updated_at"])
    record_event(
        actor=access.user,
        action="device_card.updated",
        student=student,
        target=student,
        request=request,
        extra={"fields": changed},
    )
    events.device_card_changed(student)
    return student
