"""School rosters: the keeper's pages (staff, waiting requests, adding and removing people),
the clinic administrator's school pages, and the family's request to add a named person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accommodations import selectors
from accommodations.forms import add_service_error
from accommodations.models import StaffRequest
from accommodations.roster_forms import AddStaffForm, SchoolForm, StaffRequestForm
from accommodations.services import ServiceError, roster
from portal.accounts import services as accounts
from portal.accounts.models import Invitation


@login_required
def schools(request):
    kept = list(selectors.roster_overview(request.user))
    if not kept and not request.user.is_org_admin:
        raise Http404
    editable = set(
        selectors.schools_editable_by(request.user)
        .filter(pk__in=[school.pk for school in kept])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "accommodations/roster/schools.html",
        {"schools": kept, "editable": editable, "can_add_school": request.user.is_org_admin},
    )


def _roster_page(request, school, add_form):
    context = {
        "school": school,
        "staff": selectors.roster_of(school),
        "requests": selectors.staff_requests_waiting([school]).order_by("created_at"),
        "waiting_invitations": selectors.invitations_waiting_at(school),
        "add_form": add_form,
        "can_edit": selectors.schools_editable_by(request.user).filter(pk=school.pk).exists(),
    }
    status = 400 if add_form.is_bound else 200
    return render(request, "accommodations/roster/roster.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def school_roster(request, school_id: int):
    school = selectors.school_kept_by(request.user, school_id)
    form = AddStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = accounts.create_invitation(
                inviter=request.user,
                kind=Invitation.Kind.SCHOOL_STAFF,
                email=form.cleaned_data["email"],
                school=school,
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                request=request,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(email)s is invited to the roster. They see nothing until they accept.")
                % {"email": invitation.email},
            )
            return redirect("accommodations:school_roster", school_id=school.pk)
    return _roster_page(request, school, form)


@login_required
@require_POST
def remove_staff(request, school_id: int, staff_id: int):
    school = selectors.school_kept_by(request.user, school_id)
    try:
        member = roster.remove_school_staff(
            user=request.user, school=school, staff_id=staff_id, request=request
        )
    except ServiceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s is off the roster of %(school)s and no longer sees any student there.")
            % {"name": member.user, "school": school.name},
        )
    return redirect("accommodations:school_roster", school_id=school.pk)


@login_required
@require_POST
def answer_staff_request(request, staff_request_id: int, answer: str):
    staff_request = roster.staff_request_kept_by(request.user, staff_request_id)
    try:
        if answer == "confirm":
            invitation = accounts.confirm_staff_request(
                user=request.user, staff_request_id=staff_request.pk, request=request
            )
            if invitation is None:
                message = _("%(email)s is already on the roster.")
            else:
                message = _("Confirmed: %(email)s is invited to the roster.")
        else:
            roster.answer_staff_request(
                user=request.user,
                staff_request_id=staff_request.pk,
                status=StaffRequest.Status.DECLINED,
                request=request,
            )
            message = _("The request to add %(email)s is declined.")
    except ServiceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, message % {"email": staff_request.email})
    return redirect("accommodations:school_roster", school_id=staff_request.school_id)


def _school_form_page(request, form, school=None):
    status = 400 if form.is_bound else 200
    return render(
        request,
        "accommodations/roster/school_form.html",
        {"form": form, "school": school},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_school(request):
    if not request.user.is_org_admin:
        raise Http404
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = roster.add_school(user=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(school)s is added.") % {"school": school.name})
            return redirect("accommodations:school_roster", school_id=school.pk)
    return _school_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def change_school(request, school_id: int):
    school = selectors.schools_editable_by(request.user).filter(pk=school_id).first()
    if school is None:
        raise Http404
    initial = {
        "name": school.name,
        "address": school.address,
        "phone": school.phone,
        "email_domains": school.email_domains,
    }
    form = SchoolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            school = roster.change_school(
                user=request.user, school_id=school.pk, request=request, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(school)s is saved.") % {"school": school.name})
            return redirect("accommodations:school_roster", school_id=school.pk)
    return _school_form_page(request, form, school)


@login_required
@require_http_methods(["GET", "POST"])
def new_staff_request(request, student_id: int):
    access = selectors.access_student(
        user=request.user, student_id=student_id, capability="can_manage_releases"
    )
    schools = roster.schools_open_to_requests(access)
    initial = {}
    if (school_id := request.GET.get("school", "")).isdigit():
        initial["school"] = int(school_id)
    form = StaffRequestForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff_request = roster.request_school_staff(
                access=access, request=request, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request is with %(school)s. %(name)s sees nothing until the school's "
                    "administrator or the clinic confirms them."
                )
                % {"school": staff_request.school.name, "name": staff_request.full_name},
            )
            return redirect("accommodations:releases", student_id=access.student.pk)
    return render(
        request,
        "accommodations/family/staff_request_form.html",
        {
            "student": access.student,
            "access": access,
            "form": form,
            "has_schools": schools.exists(),
            "active_section": "releases",
        },
        status=400 if form.is_bound else 200,
    )
