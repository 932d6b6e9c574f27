"""The family's pages: my children, weekly updates, and which schools may see what."""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accommodations import selectors, services
from accommodations.family_forms import (
    SCOPE_EXPLANATIONS,
    CheckInForm,
    ReleaseForm,
    monday_of,
    offered_weeks,
)
from accommodations.models import AccommodationPlan, Acknowledgement, CheckIn, Release
from portal.audit import reads
from portal.audit.actions import AuditAction

PAGE_SIZE = 20


def show_service_error(form, error: services.ServiceError) -> None:
    """Put a service's refusal on the form field it concerns, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def my_children(request):
    today = timezone.localdate()
    last_checkin = CheckIn.objects.filter(student=OuterRef("pk")).order_by("-week_of", "-id")
    children = list(
        selectors.children_of(request.user)
        .select_related("school")
        .annotate(last_checkin_week=Subquery(last_checkin.values("week_of")[:1]))
        .prefetch_related(
            Prefetch(
                "releases",
                queryset=Release.objects.in_force().select_related("school"),
                to_attr="releases_in_force",
            ),
            Prefetch(
                "plans",
                queryset=AccommodationPlan.objects.filter(
                    status=AccommodationPlan.Status.PUBLISHED
                ).order_by("-version"),
                to_attr="published_plans",
            ),
        )
        .order_by("first_name", "last_name", "id")
    )
    reads.note_list(
        actor=request.user,
        action=AuditAction.STUDENT_LIST_VIEWED,
        student_ids=[child.pk for child in children],
    )
    current_plans = {
        child.pk: child.published_plans[0] for child in children if child.published_plans
    }
    read_by: dict[int, list[Acknowledgement]] = {}
    for acknowledgement in (
        Acknowledgement.objects.filter(plan__in=current_plans.values())
        .select_related("user", "school")
        .order_by("created_at")
    ):
        read_by.setdefault(acknowledgement.plan_id, []).append(acknowledgement)
    still_to_read = selectors.pending_acknowledgement_count(list(current_plans))
    this_monday = monday_of(today)
    overview = [
        {
            "student": child,
            "plan": current_plans.get(child.pk),
            "read_by": read_by.get(getattr(current_plans.get(child.pk), "pk", None), []),
            "still_to_read": still_to_read.get(child.pk, 0),
            "sees_plan": any(release.scope_plan for release in child.releases_in_force),
            "this_week_sent": child.last_checkin_week is not None
            and child.last_checkin_week >= this_monday,
        }
        for child in children
    ]
    return render(request, "accommodations/family/my_children.html", {"overview": overview})


@login_required
def checkins(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_checkins"
    )
    page = Paginator(selectors.checkins_visible(access), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    this_week_sent = selectors.checkins_visible(access).filter(
        week_of__gte=monday_of(timezone.localdate())
    )
    return render(
        request,
        "accommodations/family/checkins.html",
        {
            "student": access.student,
            "access": access,
            "page_obj": page,
            "this_week_sent": this_week_sent.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_checkin(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_write_checkins"
    )
    today = timezone.localdate()
    message_schools = [
        release.school
        for release in selectors.releases_visible(access).in_force().filter(scope_updates=True)
    ]
    weeks_sent = set(
        selectors.checkins_visible(access)
        .filter(week_of__gte=offered_weeks(today)[-1])
        .values_list("week_of", flat=True)
    )
    form = CheckInForm(
        request.POST or None,
        today=today,
        message_schools=message_schools,
        weeks_sent=weeks_sent,
    )
    if request.method == "POST" and form.is_valid():
        try:
            checkin = services.submit_checkin(
                access=access,
                week_of=form.cleaned_data["week_of"],
                request=request,
                **form.answers(),
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your update for the week of %(week)s was sent to the care team.")
                % {"week": _date(checkin.week_of)},
            )
            return redirect("accommodations:checkins", student_id=access.student.pk)
    return render(
        request,
        "accommodations/family/checkin_form.html",
        {
            "student": access.student,
            "access": access,
            "form": form,
            "this_week_sent": monday_of(today) in weeks_sent,
        },
    )


@login_required
def releases(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_releases"
    )
    rows = list(selectors.releases_visible(access))
    return render(
        request,
        "accommodations/family/releases.html",
        {
            "student": access.student,
            "access": access,
            "releases": rows,
            "staff_requests": selectors.staff_requests_for(access),
            "scope_explanations": SCOPE_EXPLANATIONS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_release(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_manage_releases"
    )
    form = ReleaseForm(request.POST or None, student=access.student, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        starts_at, expires_at = form.release_period()
        try:
            release = services.grant_release(
                access=access,
                school=form.cleaned_data["school"],
                scopes=set(form.cleaned_data["scopes"]),
                staff_roles=set(form.cleaned_data["staff_roles"]),
                starts_at=starts_at,
                expires_at=expires_at,
                request=request,
            )
        except services.ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(school)s may now see what you chose, until %(date)s.")
                % {"school": release.school.name, "date": _date(release.expires_at)},
            )
            return redirect("accommodations:releases", student_id=access.student.pk)
    return render(
        request,
        "accommodations/family/release_form.html",
        {"student": access.student, "access": access, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke_release(request, student_id: int, release_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_manage_releases"
    )
    release = selectors.releases_visible(access).filter(pk=release_id).first()
    if release is None:
        raise Http404
    if request.method == "POST":
        was_revoked = release.revoked_at is not None
        try:
            services.revoke_release(access=access, release=release, request=request)
        except services.ServiceError as error:
            messages.error(request, error.message)
        else:
            if was_revoked:
                messages.info(request, _("This release was already withdrawn."))
            else:
                messages.success(
                    request,
                    _("%(school)s can no longer see %(name)s's information.")
                    % {"school": release.school.name, "name": access.student.display_name},
                )
        return redirect("accommodations:releases", student_id=access.student.pk)
    return render(
        request,
        "accommodations/family/release_revoke.html",
        {
            "student": access.student,
            "access": access,
            "release": release,
            "scope_explanations": SCOPE_EXPLANATIONS,
        },
    )


def _date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "DATE_FORMAT")


@login_required
def who_has_looked(request, student_id: int):
    """Who at school and at the clinic opened the child's record, and when, as patient portals
    show their access logs. The family's own reads are left out."""
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_read_access_log"
    )
    log = selectors.access_log(access)
    page = Paginator(log.visits, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.relation = log.relation_of(event.actor_id)
    return render(
        request,
        "accommodations/family/who_has_looked.html",
        {"student": access.student, "access": access, "people": log.people, "page_obj": page},
    )
