"""School rosters: who works at a school, as vouched for by the clinic or the school.

A family may ask for a named person to be added; the request grants nothing until the school's
administrator or a clinic administrator confirms it (portal.accounts.services sends the
invitation then). Removing someone from the roster ends their access to every student at once.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations import selectors
from accommodations.models import Release, School, SchoolStaff, StaffRequest
from accommodations.selectors import StudentAccess
from accommodations.services.errors import ServiceError
from portal.audit.actions import AuditAction
from portal.audit.services import record_event


def schools_open_to_requests(access: StudentAccess):
    """Schools the family may ask to add someone to: those holding a release from the
    family for this student that is in force or yet to start."""
    return School.objects.filter(
        pk__in=Release.objects.filter(
            student=access.student, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).values("school_id")
    )


def check_staff_address(school: School, email: str) -> None:
    """Raise ServiceError unless `email` may be confirmed as the school's staff."""
    if not school.accepts_staff_address(email):
        raise ServiceError(
            _("%(school)s confirms staff only with addresses on %(domains)s.")
            % {"school": school.name, "domains": ", ".join(school.domain_list)},
            field="email",
        )


@transaction.atomic
def request_school_staff(
    *,
    access: StudentAccess,
    school: School,
    full_name: str,
    email: str,
    role: str,
    request=None,
) -> StaffRequest:
    """A guardian asks the school's roster keepers to add a named person. Grants nothing.
    Raises ServiceError if the school holds no release for the student, the person is already
    on the roster or already asked for, or the address is off the school's verified domains."""
    access.require("can_manage_releases")
    full_name = (full_name or "").strip()
    email = get_user_model().objects.normalize_email((email or "").strip()).lower()
    if not schools_open_to_requests(access).filter(pk=school.pk).exists():
        raise ServiceError(
            _("You can ask a school to add someone only while it holds a release from you."),
            field="school",
        )
    if not full_name:
        raise ServiceError(_("Enter their name."), field="full_name")
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("Enter a valid e-mail address."), field="email") from None
    if role not in SchoolStaff.Role.values:
        raise ServiceError(_("Choose their role at the school."), field="role")
    check_staff_address(school, email)
    if selectors.is_on_roster(school, email):
        raise ServiceError(
            _("%(email)s is already on the roster of %(school)s.")
            % {"email": email, "school": school.name},
            field="email",
        )
    try:
        with transaction.atomic():
            staff_request = StaffRequest.objects.create(
                school=school,
                student=access.student,
                requested_by=access.user,
                full_name=full_name,
                email=email,
                role=role,
            )
    except IntegrityError:
        raise ServiceError(
            _("Someone already asked %(school)s to add %(email)s; it is waiting for the school.")
            % {"email": email, "school": school.name},
            field="email",
        ) from None
    record_event(
        actor=access.user,
        action=AuditAction.STAFF_REQUEST_MADE,
        student=access.student,
        target=staff_request,
        request=request,
        extra={"school_id": school.pk, "role": role},
    )
    return staff_request


def staff_request_kept_by(user, staff_request_id: int) -> StaffRequest:
    """A waiting request at a school whose roster `user` keeps; Http404 otherwise."""
    staff_request = (
        selectors.staff_requests_waiting(selectors.schools_kept_by(user))
        .filter(pk=staff_request_id)
        .first()
    )
    if staff_request is None:
        raise Http404
    return staff_request


@transaction.atomic
def answer_staff_request(*, user, staff_request_id: int, status: str, request=None) -> StaffRequest:
    """Mark a waiting request confirmed or declined by `user`, once. Raises Http404 unless
    `user` keeps the school's roster, ServiceError if another keeper answered it first.
    Declining tells no one and grants nothing; confirming is finished by
    portal.accounts.services.confirm_staff_request, which sends the invitation."""
    staff_request = staff_request_kept_by(user, staff_request_id)
    answered = StaffRequest.objects.filter(
        pk=staff_request.pk, status=StaffRequest.Status.PENDING
    ).update(status=status, decided_by=user, decided_at=timezone.now())
    if not answered:
        raise ServiceError(_("Someone else has already answered this request."))
    staff_request.refresh_from_db()
    record_event(
        actor=user,
        action=f"staff_request.{status}",
        student=staff_request.student,
        target=staff_request,
        request=request,
        extra={"school_id": staff_request.school_id},
    )
    return staff_request


@transaction.atomic
def remove_school_staff(*, user, school: School, staff_id: int, request=None) -> SchoolStaff:
    """Take someone off the school's roster: their access to every student of the school ends
    at once. Raises Http404 unless `user` keeps the roster, ServiceError for oneself."""
    if not selectors.keeps_roster_of(user, school):
        raise Http404
    member = SchoolStaff.objects.select_related("user").filter(pk=staff_id, school=school).first()
    if member is None:
        raise Http404
    if member.user_id == user.pk:
        raise ServiceError(
            _("You cannot take yourself off the roster. Ask another administrator or the clinic.")
        )
    record_event(
        actor=user,
        action=AuditAction.SCHOOL_STAFF_REMOVED,
        target=member,
        request=request,
        organization=school.added_by_id,
        extra={"school_id": school.pk, "user_id": member.user_id, "role": member.role},
    )
    member.delete()
    return member


def _clean_school_fields(*, name: str, address: str, phone: str, email_domains: str) -> dict:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Enter the school's name."), field="name")
    domains = School(email_domains=email_domains or "").domain_list
    for domain in domains:
        if "." not in domain or "@" in domain or " " in domain:
            raise ServiceError(
                _("%(domain)s is not an e-mail domain; write it like district.example.org.")
                % {"domain": domain},
                field="email_domains",
            )
    return {
        "name": name,
        "address": (address or "").strip(),
        "phone": (phone or "").strip(),
        "email_domains": "\n".join(domains),
    }


@transaction.atomic
def add_school(
    *, user, name: str, address: str = "", phone: str = "", email_domains: str = "", request=None
) -> School:
    """A clinic administrator adds a school their clinic works with. Raises Http404 for anyone
    else, ServiceError on a blank name or a malformed domain."""
    if not user.is_authenticated or not user.is_org_admin or user.organization_id is None:
        raise Http404
    fields = _clean_school_fields(
        name=name, address=address, phone=phone, email_domains=email_domains
    )
    school = School.objects.create(added_by_id=user.organization_id, **fields)
    record_event(actor=user, action=AuditAction.SCHOOL_ADDED, target=school, request=request)
    return school


@transaction.atomic
def change_school(
    *, user, school_id: int, name: str, address: str, phone: str, email_domains: str, request=None
) -> School:
    """Change a school's details and verified domains. Only a clinic administrator of the
    clinic that added it, while no other clinic uses it; Http404 otherwise."""
    school = selectors.schools_editable_by(user).filter(pk=school_id).first()
    if school is None:
        raise Http404
    fields = _clean_school_fields(
        name=name, address=address, phone=phone, email_domains=email_domains
    )
    for attribute, value in fields.items():
        setattr(school, attribute, value)
    school.save(update_fields=list(fields))
    record_event(actor=user, action=AuditAction.SCHOOL_CHANGED, target=school, request=request)
    return school
