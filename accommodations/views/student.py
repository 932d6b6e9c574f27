"""One student's overview, adapted to what the viewer may see."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accommodations import selectors, services
from accommodations.forms import StudentProfileForm, add_service_error
from accommodations.models import CheckIn
from accommodations.services import ServiceError
from accommodations.services.care_team import PROFILE_FIELDS

RECENT_NOTES = 5
TREND_WEEKS = 12


@dataclass(frozen=True)
class Sparkline:
    """An inline SVG line of one 0-10 score over the weeks, oldest on the left."""

    points: str
    dots: list[tuple[float, float, int]]
    width: int
    height: int


def _sparkline(values: list[int], *, maximum: int = 10) -> Sparkline | None:
    if len(values) < 2:
        return None
    width, height, pad = 240, 48, 4
    step = (width - 2 * pad) / (len(values) - 1)
    dots = [
        (
            round(pad + index * step, 1),
            round(pad + (height - 2 * pad) * (1 - value / maximum), 1),
            value,
        )
        for index, value in enumerate(values)
    ]
    return Sparkline(
        points=" ".join(f"{x},{y}" for x, y, _ in dots), dots=dots, width=width, height=height
    )


def _checkin_trend(access) -> dict:
    recent: list[CheckIn] = list(selectors.checkins_visible(access)[:TREND_WEEKS])
    oldest_first = list(reversed(recent))
    return {
        "checkins": recent,
        "pain_line": _sparkline([checkin.pain_average for checkin in oldest_first]),
        "attendance": {
            "full": sum(checkin.days_full for checkin in recent),
            "partial": sum(checkin.days_partial for checkin in recent),
            "missed": sum(checkin.days_missed for checkin in recent),
        },
    }


@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    access = selectors.access_student(user=request.user, student_id=student_id)
    student = access.student
    context: dict = {"access": access, "student": student}

    if access.can_read_full_profile:
        context["guardianships"] = list(student.guardianships.select_related("guardian"))
        context["care_team"] = list(student.care_team.select_related("user"))

    if access.can_read_published_plan:
        current = selectors.current_published_plan(student)
        plan = selectors.plan_with_items(current.pk) if current else None
        context["plan"] = plan
        if plan is not None and access.is_care_team:
            context["acknowledgement_states"] = selectors.acknowledgement_states(plan)
        if plan is not None and access.can_acknowledge:
            context["my_acknowledgement"] = (
                selectors.acknowledgements_visible(access).filter(plan=plan).first()
            )
    if access.can_edit_plan:
        context["draft"] = selectors.current_draft(student)

    if access.can_read_notes:
        context["notes"] = list(selectors.notes_visible(access)[:RECENT_NOTES])

    if access.can_read_checkins:
        context.update(_checkin_trend(access))
    elif access.can_read_school_messages:
        context["school_messages"] = list(selectors.checkins_visible(access)[:3])

    return render(request, "accommodations/student_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest, student_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_edit_profile"
    )
    student = access.student
    form = StudentProfileForm(
        request.POST or None, initial={name: getattr(student, name) for name in PROFILE_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_student_profile(access=access, request=request, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The student's details are saved."))
            return redirect("accommodations:student", student_id=student.pk)
    return render(
        request,
        "accommodations/student_edit.html",
        {"access": access, "student": student, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def remove_care_team_member(request: HttpRequest, student_id: int, member_id: int) -> HttpResponse:
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_edit_profile"
    )
    try:
        member = services.remove_care_team_member(
            access=access, member_id=member_id, request=request
        )
    except ServiceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer on the care team. The family is told.")
            % {"name": member.user},
        )
        if member.user_id == request.user.pk:
            return redirect("home")
    return redirect("accommodations:student", student_id=student_id)
