"""The plan's life: a draft edited freely, published as a frozen version, acknowledged by school."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import events
from accommodations.models import (
    AccommodationPlan,
    AccommodationTemplate,
    Acknowledgement,
    PlanItem,
    SchoolStaff,
)
from accommodations.selectors import StudentAccess, current_published_plan
from accommodations.services.errors import ServiceError, lock_student
from portal.audit.actions import AuditAction
from portal.audit.services import record_event


@transaction.atomic
def start_draft(*, access: StudentAccess, request=None) -> AccommodationPlan:
    """The student's open draft, creating draft N+1 from the current version if none is open."""
    access.require("can_edit_plan")
    student = access.student
    lock_student(student)
    draft = AccommodationPlan.objects.filter(
        student=student, status=AccommodationPlan.Status.DRAFT
    ).first()
    if draft is not None:
        return draft
    published = current_published_plan(student)
    highest = (
        AccommodationPlan.objects.filter(student=student).aggregate(v=Max("version"))["v"] or 0
    )
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
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_DRAFT_STARTED,
        student=student,
        target=draft,
        request=request,
    )
    return draft


def _editable_draft(access: StudentAccess, plan: AccommodationPlan) -> AccommodationPlan:
    access.require("can_edit_plan")
    if plan.student_id != access.student.pk:
        raise ServiceError(_("That plan belongs to another student."))
    if plan.is_published:
        raise ServiceError(
            _("This version is published and can no longer change. Edit the new draft instead.")
        )
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
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_ITEM_ADDED,
        student=access.student,
        target=item,
        request=request,
    )
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
    lock_student(access.student)
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
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_ITEM_ADDED,
        student=access.student,
        target=item,
        request=request,
    )
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
    """Tailor one accommodation of the draft to this student; refuses empty details."""
    _editable_draft(access, item.plan)
    if not details.strip():
        raise ServiceError(_("Describe the accommodation for this student."), field="details")
    item.details = details.strip()
    item.implementer = implementer
    item.start_date = start_date
    fields = ["details", "implementer", "start_date"]
    if title is not None and title.strip():
        item.title = title.strip()
        fields.append("title")
    item.save(update_fields=fields)
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_ITEM_CHANGED,
        student=access.student,
        target=item,
        request=request,
    )
    return item


@transaction.atomic
def remove_item(*, access: StudentAccess, item: PlanItem, request=None) -> None:
    """Take an accommodation out of the draft."""
    _editable_draft(access, item.plan)
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_ITEM_REMOVED,
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
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_ITEM_MOVED,
        student=access.student,
        target=item,
        request=request,
        extra={"direction": direction, "position": swap_with + 1},
    )


@transaction.atomic
def set_review_date(
    *, access: StudentAccess, plan: AccommodationPlan, review_date: date | None, request=None
) -> None:
    """Set when the care team will next review the draft once published; it must be in the
    future."""
    _editable_draft(access, plan)
    if review_date is not None and review_date <= timezone.localdate():
        raise ServiceError(_("The review date must be in the future."), field="review_date")
    plan.review_date = review_date
    plan.save(update_fields=["review_date", "updated_at"])
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_REVIEW_DATE_SET,
        student=access.student,
        target=plan,
        request=request,
        extra={"review_date": review_date.isoformat() if review_date else None},
    )


@transaction.atomic
def publish_plan(
    *, access: StudentAccess, plan: AccommodationPlan, review_date: date | None = None, request=None
) -> AccommodationPlan:
    """Freeze the draft as the student's current version; raises ServiceError if it cannot be."""
    lock_student(access.student)
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
    updated = AccommodationPlan.objects.filter(
        pk=plan.pk, status=AccommodationPlan.Status.DRAFT
    ).update(
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
        action=AuditAction.PLAN_PUBLISHED,
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
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_DRAFT_DISCARDED,
        student=access.student,
        target=plan,
        request=request,
    )
    plan.items.all().delete()
    plan.delete()


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
            _(
                "Version %(old)s has been replaced by version %(new)s. Please read and acknowledge the current version."
            )
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
        raise ServiceError(
            _("You have already acknowledged version %(v)s.") % {"v": plan.version}
        ) from None
    record_event(
        actor=access.user,
        action=AuditAction.PLAN_ACKNOWLEDGED,
        student=access.student,
        target=acknowledgement,
        request=request,
        extra={"version": plan.version, "asked_question": bool(acknowledgement.comment)},
    )
    events.plan_acknowledged(acknowledgement)
    return acknowledgement
