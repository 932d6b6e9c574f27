"""The school's pages: my students, acknowledging the current plan, and the family's messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accommodations import selectors, services
from accommodations.family_forms import AcknowledgeForm
from accommodations.models import AccommodationPlan, Acknowledgement
from accommodations.plan_changes import diff_plans
from accommodations.views.family import PAGE_SIZE, show_service_error
from accommodations.views.plan import items_by_category
from portal.audit import reads
from portal.audit.actions import AuditAction


@login_required
def my_students(request):
    user = request.user
    students = list(
        selectors.students_released_to(user)
        .select_related("school")
        .prefetch_related(
            Prefetch(
                "releases",
                queryset=selectors.releases_in_force_at_my_schools(user),
                to_attr="my_releases",
            ),
            Prefetch(
                "plans",
                queryset=AccommodationPlan.objects.filter(
                    status=AccommodationPlan.Status.PUBLISHED
                ).order_by("-version"),
                to_attr="published_plans",
            ),
        )
    )
    reads.note_list(
        actor=user,
        action=AuditAction.STUDENT_LIST_VIEWED,
        student_ids=[student.pk for student in students],
    )
    waiting = {plan.student_id: plan for plan in selectors.needs_my_acknowledgement(user)}
    current_plans = [student.published_plans[0] for student in students if student.published_plans]
    my_acknowledgements = {
        acknowledgement.plan_id: acknowledgement
        for acknowledgement in Acknowledgement.objects.filter(user=user, plan__in=current_plans)
    }
    rows = []
    for student in students:
        scopes = set().union(*(release.scopes for release in student.my_releases))
        plan = student.published_plans[0] if student.published_plans else None
        rows.append(
            {
                "student": student,
                "scopes": scopes,
                "schools": sorted({release.school.name for release in student.my_releases}),
                "plan": plan if "plan" in scopes else None,
                "needs_acknowledgement": student.pk in waiting,
                "acknowledgement": my_acknowledgements.get(plan.pk) if plan else None,
            }
        )
    rows.sort(
        key=lambda row: (
            not row["needs_acknowledgement"],
            row["student"].last_name.lower(),
            row["student"].first_name.lower(),
        )
    )
    return render(
        request,
        "accommodations/school/my_students.html",
        {
            "rows": rows,
            "to_acknowledge": [row for row in rows if row["needs_acknowledgement"]],
            "works_at_a_school": user.school_roles.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_acknowledge"
    )
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = _plan_of_version(access, form.cleaned_data["version"])
            services.acknowledge_plan(
                access=access, plan=plan, comment=form.cleaned_data["comment"], request=request
            )
        except services.ServiceError as error:
            form = _form_for_current_version(request.POST, access, error)
        else:
            messages.success(
                request,
                _("Thank you. You acknowledged version %(version)s of %(name)s's plan.")
                % {"version": plan.version, "name": access.student.display_name},
            )
            return redirect("accommodations:my_students")
    context = {"student": access.student, "access": access, "plan": None, "form": form}
    current = selectors.current_published_plan(access.student)
    if current is not None:
        context["plan"] = selectors.published_plan_version(access=access, version=current.version)
        context.update(_what_i_have_read(request.user, context["plan"]))
        context["groups"] = items_by_category(context["plan"])
        if not form.is_bound:
            context["form"] = AcknowledgeForm(initial={"version": current.version})
    return render(request, "accommodations/school/acknowledge.html", context)


def _plan_of_version(access, version: int) -> AccommodationPlan:
    plan = (
        selectors.published_plan_versions(access).filter(version=version).first()
        if version
        else None
    )
    if plan is None:
        raise services.ServiceError(_("That plan version cannot be acknowledged."))
    return plan


def _form_for_current_version(data, access, error) -> AcknowledgeForm:
    """The form again, now carrying the current version, with the refusal shown above it."""
    current = selectors.current_published_plan(access.student)
    data = data.copy()
    data["version"] = current.version if current else ""
    form = AcknowledgeForm(data)
    form.is_valid()
    show_service_error(form, error)
    return form


def _what_i_have_read(user, current: AccommodationPlan) -> dict:
    mine = list(
        Acknowledgement.objects.filter(user=user, plan__student=current.student)
        .select_related("plan")
        .order_by("-plan__version")
    )
    of_current = next((ack for ack in mine if ack.plan_id == current.pk), None)
    earlier = next((ack for ack in mine if ack.plan.version < current.version), None)
    changes = None
    if of_current is None and earlier is not None:
        changes = diff_plans(earlier.plan, current)
    return {
        "my_acknowledgement": of_current,
        "last_read": earlier.plan if earlier else None,
        "changes": changes,
    }


@login_required
def school_updates(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_school_messages"
    )
    notes_to_school = selectors.checkins_visible(access).exclude(message_to_school="")
    page = Paginator(notes_to_school.order_by("-week_of", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accommodations/school/school_updates.html",
        {"student": access.student, "access": access, "page_obj": page},
    )
