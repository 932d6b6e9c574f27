"""The published plan in plain language, for everyone who may read it, and its earlier versions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accommodations import selectors
from accommodations.models import AccommodationPlan, Category
from portal.audit import reads
from portal.audit.actions import AuditAction


@login_required
def current_plan(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_published_plan"
    )
    plan = selectors.current_published_plan(access.student)
    return _plan_page(request, access, plan=plan, current=plan)


@login_required
def plan_version(request, student_id: int, version: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_published_plan"
    )
    plan = selectors.published_plan_version(access=access, version=version)
    current = selectors.current_published_plan(access.student)
    return _plan_page(request, access, plan=plan, current=current)


def _plan_page(request, access, *, plan: AccommodationPlan | None, current):
    context = {
        "student": access.student,
        "access": access,
        "plan": plan,
        "current": current,
        "is_current": plan is not None and current is not None and plan.pk == current.pk,
    }
    if plan is not None:
        reads.note_read(
            actor=request.user,
            student=access.student,
            action=AuditAction.PLAN_VIEWED,
            target=plan,
            extra={"version": plan.version},
            precise=True,
        )
        context["groups"] = items_by_category(plan)
        context["versions"] = list(selectors.published_plan_versions(access))
        if access.is_family_or_team:
            context["acknowledgement_states"] = selectors.acknowledgement_states(plan)
        if access.can_acknowledge:
            context["my_acknowledgement"] = plan.acknowledgements.filter(user=request.user).first()
    return render(request, "accommodations/plan/plan.html", context)


def items_by_category(plan: AccommodationPlan) -> list[dict]:
    """The plan's accommodations grouped under the catalog's categories, in catalog order."""
    by_category: dict[str, list] = {}
    for item in plan.items.select_related("template").order_by("position", "id"):
        by_category.setdefault(item.category, []).append(item)
    return [
        {"category": value, "label": label, "items": by_category[value]}
        for value, label in Category.choices
        if value in by_category
    ]
