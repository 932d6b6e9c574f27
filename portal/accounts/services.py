"""Invitations and profiles: how people get an account and a relation to a student.

Nobody signs up on their own. A clinician on a student's care team invites the student's
guardians and care-team colleagues; a clinic administrator invites clinic staff. A school's
staff are invited by whoever keeps its roster: a clinic administrator of a clinic that works
with the school, or the school's own administrator; never by a family (a family asks, and the
roster keeper confirms). An invitation is single use and expires; only a hash of its token is
stored. Whoever sent it, an administrator of its clinic, or the keeper of its school's roster
may withdraw it while it waits or send it again with a fresh link.
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accommodations import events, selectors
from accommodations.models import (
    CareTeamMember,
    Guardianship,
    School,
    SchoolStaff,
    StaffRequest,
    Student,
)
from accommodations.services import ServiceError, roster
from portal.accounts.models import Invitation, User, hash_token
from portal.audit.actions import AuditAction
from portal.audit.services import record_event

logger = logging.getLogger(__name__)

Kind = Invitation.Kind


# Who may invite whom ---------------------------------------------------------------------------


def _is_on_care_team(user: User, student: Student) -> bool:
    return CareTeamMember.objects.filter(user=user, student=student).exists()


def invitable_kinds(user: User) -> list[str]:
    """The kinds of invitation the user may send to someone, for at least one student."""
    if not user.is_authenticated or not user.is_active:
        return []
    kinds = []
    if user.care_team_roles.exists():
        kinds += [Kind.GUARDIAN, Kind.CARE_TEAM]
    if user.is_org_admin and user.organization_id:
        kinds.append(Kind.CLINICIAN)
    if selectors.schools_kept_by(user).exists():
        kinds.append(Kind.SCHOOL_STAFF)
    return kinds


def _check_inviter(
    *, inviter: User, kind: str, student: Student | None, school: School | None, role: str
) -> None:
    """Raise ServiceError unless `inviter` may send this invitation."""
    if not inviter.is_authenticated or not inviter.is_active:
        raise ServiceError(_("Sign in to send invitations."))
    if kind in (Kind.GUARDIAN, Kind.CARE_TEAM):
        if student is None:
            raise ServiceError(_("Choose the student."), field="student")
        if not _is_on_care_team(inviter, student):
            raise ServiceError(
                _("Only the student's care team can invite for this student."), field="student"
            )
        if kind == Kind.CARE_TEAM and role not in CareTeamMember.Role.values:
            raise ServiceError(_("Choose their role on the care team."), field="role")
    elif kind == Kind.CLINICIAN:
        if not inviter.is_org_admin or inviter.organization_id is None:
            raise ServiceError(_("Only a clinic administrator can invite clinic staff."))
    elif kind == Kind.SCHOOL_STAFF:
        if school is None:
            raise ServiceError(_("Choose the school."), field="school")
        if not selectors.keeps_roster_of(inviter, school):
            raise ServiceError(
                _(
                    "Only the school's administrator or a clinic administrator can add staff "
                    "to a school's roster."
                ),
                field="school",
            )
        if role not in SchoolStaff.Role.values:
            raise ServiceError(_("Choose their role at the school."), field="role")
    else:
        raise ServiceError(_("Choose what you are inviting them as."), field="kind")


def _already_related(*, email: str, kind: str, student, school, organization) -> bool:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return False
    if kind == Kind.GUARDIAN:
        return Guardianship.objects.filter(guardian=user, student=student).exists()
    if kind == Kind.CARE_TEAM:
        return CareTeamMember.objects.filter(user=user, student=student).exists()
    if kind == Kind.SCHOOL_STAFF:
        return SchoolStaff.objects.filter(user=user, school=school).exists()
    return user.organization_id == organization.pk


# Sending -----------------------------------------------------------------------------------------


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:accept_invitation", args=[token])


def _expiry_from_now():
    return timezone.now() + timedelta(days=settings.INVITATION_LIFETIME_DAYS)


def _send_invitation_email(invitation_id: int, token: str) -> None:
    # Skip a link that was withdrawn, used or replaced by a newer one before the commit.
    invitation = (
        Invitation.objects.select_related("organization", "student", "school", "invited_by")
        .filter(
            pk=invitation_id,
            token_hash=hash_token(token),
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .first()
    )
    if invitation is None:
        return
    context = {
        "invitation": invitation,
        "link": invitation_link(token),
        "inviter": invitation.invited_by,
        "expires_at": invitation.expires_at,
    }
    # The invitee has no account yet, so the inviter's language is the best guess.
    with translation.override(invitation.invited_by.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    try:
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            message=text,
            html_message=html,
            from_email=None,
            recipient_list=[invitation.email],
        )
    except Exception:
        # The invitation stands; the inviter can send a fresh one from the invitations page.
        logger.exception("invitation e-mail failed", extra={"invitation_id": invitation_id})


@transaction.atomic
def create_invitation(
    *,
    inviter: User,
    kind: str,
    email: str,
    student: Student | None = None,
    school: School | None = None,
    role: str = "",
    relationship: str = "",
    full_name: str = "",
    request=None,
) -> tuple[Invitation, str]:
    """Invite someone by e-mail; the link is e-mailed after commit and the raw token returned.

    Raises ServiceError if the inviter may not send it, if the address already has this
    relation, or if an unexpired invitation for the same relation is waiting.
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ServiceError(_("Enter their e-mail address."), field="email")
    if kind not in (Kind.GUARDIAN, Kind.CARE_TEAM):
        student = None
    if kind != Kind.SCHOOL_STAFF:
        school = None
    _check_inviter(inviter=inviter, kind=kind, student=student, school=school, role=role)
    if email == inviter.email.lower():
        raise ServiceError(_("You cannot invite yourself."), field="email")
    if school is not None:
        roster.check_staff_address(school, email)
    organization = student.organization if student is not None else inviter.organization
    if _already_related(
        email=email, kind=kind, student=student, school=school, organization=organization
    ):
        raise ServiceError(
            _("%(email)s already has this access.") % {"email": email}, field="email"
        )
    waiting = Invitation.objects.filter(
        email__iexact=email,
        kind=kind,
        student=student,
        school=school,
        organization=organization,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
    if waiting is not None:
        raise ServiceError(
            _("An invitation to %(email)s is already waiting; it expires on %(date)s.")
            % {"email": email, "date": timezone.localdate(waiting.expires_at).isoformat()},
            field="email",
        )
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        kind=kind,
        organization=organization,
        student=student,
        school=school,
        role=role if kind in (Kind.CARE_TEAM, Kind.SCHOOL_STAFF) else "",
        relationship=relationship.strip() if kind == Kind.GUARDIAN else "",
        full_name=full_name.strip(),
        token_hash=hash_token(token),
        invited_by=inviter,
        expires_at=_expiry_from_now(),
    )
    record_event(
        actor=inviter,
        action=AuditAction.INVITATION_SENT,
        student=student,
        target=invitation,
        request=request,
        organization=organization,
        extra={"kind": kind},
    )
    transaction.on_commit(lambda: _send_invitation_email(invitation.pk, token))
    return invitation, token


# Accepting ---------------------------------------------------------------------------------------


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link points to, whatever its state, or None."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("organization", "student", "school", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why the invitation cannot be accepted, in words for the invitee; None if it can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that the whole link was copied.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Sign in with the account it created.")
    if invitation.withdrawn_at is not None:
        return _(
            "This invitation was withdrawn on %(date)s and no longer works. "
            "If you still expect one, ask %(inviter)s."
        ) % {
            "date": timezone.localdate(invitation.withdrawn_at).isoformat(),
            "inviter": invitation.invited_by,
        }
    if invitation.expires_at <= timezone.now():
        return _("This invitation expired on %(date)s. Ask %(inviter)s to send you a new one.") % {
            "date": timezone.localdate(invitation.expires_at).isoformat(),
            "inviter": invitation.invited_by,
        }
    return None


def user_owns_address(user: User, email: str) -> bool:
    return (
        user.email.lower() == email.lower()
        or EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def _attach_relation(invitation: Invitation, user: User) -> None:
    kind = invitation.kind
    if kind in (Kind.CLINICIAN, Kind.CARE_TEAM):
        if user.organization_id is None:
            user.organization = invitation.organization
            user.save(update_fields=["organization"])
        elif user.organization_id != invitation.organization_id:
            raise ServiceError(
                _("This invitation is for staff of %(clinic)s, and your account is not.")
                % {"clinic": invitation.organization.name}
            )
    if kind == Kind.CARE_TEAM:
        member, joined = CareTeamMember.objects.get_or_create(
            user=user, student=invitation.student, defaults={"role": invitation.role}
        )
        if joined:
            events.care_team_changed(invitation.student, member, joined=True)
    elif kind == Kind.GUARDIAN:
        Guardianship.objects.get_or_create(
            guardian=user,
            student=invitation.student,
            defaults={"relationship": invitation.relationship or "Parent"},
        )
    elif kind == Kind.SCHOOL_STAFF:
        # The roster keeper's word must still hold when access begins.
        if not selectors.keeps_roster_of(invitation.invited_by, invitation.school):
            raise ServiceError(
                _(
                    "%(inviter)s no longer keeps the roster of %(school)s, so this invitation "
                    "cannot be accepted. Ask the school's administrator to send a new one."
                )
                % {"inviter": invitation.invited_by, "school": invitation.school.name}
            )
        roster.check_staff_address(invitation.school, invitation.email)
        SchoolStaff.objects.get_or_create(
            user=user,
            school=invitation.school,
            defaults={"role": invitation.role, "added_by": invitation.invited_by},
        )


@transaction.atomic
def accept_invitation(
    *, token: str, full_name: str = "", password: str = "", user: User | None = None, request=None
) -> User:
    """Use the invitation once: create the account if needed (its address verified by the
    link) and attach the relation it offers. Raises ServiceError with the reason otherwise."""
    invitation = invitation_for_token(token)
    problem = invitation_problem(invitation)
    if problem:
        raise ServiceError(problem)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and user.is_authenticated:
        if not user_owns_address(user, invitation.email):
            raise ServiceError(
                _(
                    "This invitation was sent to %(email)s. Sign out and sign in with that "
                    "address to accept it."
                )
                % {"email": invitation.email}
            )
    elif existing is not None:
        raise ServiceError(
            _("An account for %(email)s already exists. Sign in to accept the invitation.")
            % {"email": invitation.email}
        )
    else:
        user = None
        if not full_name.strip():
            raise ServiceError(_("Enter your name."), field="full_name")
    now = timezone.now()
    # The claim: a conditional update, so a link used twice at once is accepted once, and a
    # link withdrawn or replaced by a fresh one in the meantime is not accepted at all.
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        token_hash=invitation.token_hash,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=now,
    ).update(accepted_at=now)
    if claimed != 1:
        raise ServiceError(invitation_problem(invitation_for_token(token)) or "")
    if user is None:
        candidate = User(email=invitation.email, full_name=full_name.strip())
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), field="password") from None
        language = translation.get_language() or settings.LANGUAGE_CODE
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name.strip(),
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        )
        EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    else:
        # Following the link proves the address belongs to them.
        address, _created = EmailAddress.objects.get_or_create(
            user=user,
            email__iexact=invitation.email,
            defaults={"email": invitation.email, "verified": True, "primary": False},
        )
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    _attach_relation(invitation, user)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    record_event(
        actor=user,
        action=AuditAction.INVITATION_ACCEPTED,
        student=invitation.student,
        target=invitation,
        request=request,
        organization=invitation.organization,
        extra={"kind": invitation.kind},
    )
    return user


# Withdrawing and sending again ------------------------------------------------------------------


def invitation_managed_by(user: User, invitation_id: int) -> Invitation:
    """The invitation, if `user` sent it or administers its clinic; Http404 otherwise."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    invitation = (
        Invitation.objects.select_related("organization", "student", "school", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404
    sent_it = invitation.invited_by_id == user.pk
    administers_it = (
        user.is_org_admin
        and invitation.organization_id is not None
        and user.organization_id == invitation.organization_id
    )
    keeps_its_roster = invitation.school is not None and selectors.keeps_roster_of(
        user, invitation.school
    )
    if not (sent_it or administers_it or keeps_its_roster):
        raise Http404
    return invitation


def _record(invitation: Invitation, *, actor: User, action: str, request) -> None:
    record_event(
        actor=actor,
        action=action,
        student=invitation.student,
        target=invitation,
        request=request,
        organization=invitation.organization,
        extra={"kind": invitation.kind},
    )


def _accepted_refusal(invitation: Invitation) -> ServiceError:
    return ServiceError(
        _("%(email)s already accepted this invitation on %(date)s.")
        % {
            "email": invitation.email,
            "date": timezone.localdate(invitation.accepted_at).isoformat(),
        }
    )


def _withdrawal_refusal(invitation: Invitation) -> ServiceError | None:
    if invitation.accepted_at is not None:
        return _accepted_refusal(invitation)
    if invitation.withdrawn_at is not None:
        return ServiceError(
            _("The invitation to %(email)s was already withdrawn.") % {"email": invitation.email}
        )
    if invitation.expires_at <= timezone.now():
        return ServiceError(
            _("The invitation to %(email)s has expired; its link no longer works.")
            % {"email": invitation.email}
        )
    return None


@transaction.atomic
def withdraw_invitation(*, user: User, invitation_id: int, request=None) -> Invitation:
    """Stop a waiting invitation's link from working. Raises Http404 unless `user` sent it or
    administers its clinic, ServiceError if it was accepted, withdrawn or has expired."""
    invitation = invitation_managed_by(user, invitation_id)
    refusal = _withdrawal_refusal(invitation)
    if refusal is not None:
        raise refusal
    now = timezone.now()
    # A conditional update, so a withdrawal and an acceptance at the same moment cannot both win.
    withdrawn = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now
    ).update(withdrawn_at=now)
    invitation.refresh_from_db()
    if withdrawn != 1:
        raise _withdrawal_refusal(invitation) or ServiceError(
            _("The invitation could not be withdrawn.")
        )
    _record(invitation, actor=user, action=AuditAction.INVITATION_WITHDRAWN, request=request)
    return invitation


def _resend_refusal(invitation: Invitation) -> ServiceError | None:
    if invitation.accepted_at is not None:
        return _accepted_refusal(invitation)
    if invitation.withdrawn_at is not None:
        return ServiceError(
            _("The invitation to %(email)s was withdrawn. Send a new invitation instead.")
            % {"email": invitation.email}
        )
    return None


@transaction.atomic
def resend_invitation(*, user: User, invitation_id: int, request=None) -> tuple[Invitation, str]:
    """E-mail a waiting or expired invitation again with a fresh link, after commit; the old
    link stops working and the expiry starts over. Raises Http404 unless `user` sent it or
    administers its clinic, ServiceError if it was accepted or withdrawn, if its sender may no
    longer send it, or if another invitation for the same access is waiting."""
    invitation = invitation_managed_by(user, invitation_id)
    refusal = _resend_refusal(invitation)
    if refusal is not None:
        raise refusal
    # The link is sent in the original sender's name, so they must still be allowed to send it.
    try:
        _check_inviter(
            inviter=invitation.invited_by,
            kind=invitation.kind,
            student=invitation.student,
            school=invitation.school,
            role=invitation.role,
        )
    except ServiceError:
        raise ServiceError(
            _("%(inviter)s can no longer send this invitation, so it cannot be sent again.")
            % {"inviter": invitation.invited_by}
        ) from None
    relation = {
        "kind": invitation.kind,
        "student": invitation.student,
        "school": invitation.school,
        "organization": invitation.organization,
    }
    if _already_related(email=invitation.email, **relation):
        raise ServiceError(_("%(email)s already has this access.") % {"email": invitation.email})
    waiting = (
        Invitation.objects.filter(
            email__iexact=invitation.email,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
            **relation,
        )
        .exclude(pk=invitation.pk)
        .first()
    )
    if waiting is not None:
        raise ServiceError(
            _("Another invitation to %(email)s is already waiting; it expires on %(date)s.")
            % {
                "email": invitation.email,
                "date": timezone.localdate(waiting.expires_at).isoformat(),
            }
        )
    token = Invitation.new_token()
    # Conditional, so an acceptance or a withdrawal that got there first is not undone.
    renewed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(token_hash=hash_token(token), expires_at=_expiry_from_now(), resent_at=timezone.now())
    invitation.refresh_from_db()
    if renewed != 1:
        raise _resend_refusal(invitation) or ServiceError(
            _("The invitation could not be sent again.")
        )
    _record(invitation, actor=user, action=AuditAction.INVITATION_RESENT, request=request)
    transaction.on_commit(lambda: _send_invitation_email(invitation.pk, token))
    return invitation, token


# School rosters ----------------------------------------------------------------------------------


@transaction.atomic
def confirm_staff_request(*, user: User, staff_request_id: int, request=None) -> Invitation | None:
    """Vouch for the person a family asked for: invite them to the school's roster in
    `user`'s name (None if they are on it already). Raises Http404 unless `user` keeps the
    school's roster, ServiceError if the address is off the school's verified domains or an
    invitation to it is already waiting; nothing is changed then."""
    staff_request = roster.answer_staff_request(
        user=user,
        staff_request_id=staff_request_id,
        status=StaffRequest.Status.CONFIRMED,
        request=request,
    )
    school = staff_request.school
    if selectors.is_on_roster(school, staff_request.email):
        return None
    invitation, _token = create_invitation(
        inviter=user,
        kind=Kind.SCHOOL_STAFF,
        email=staff_request.email,
        school=school,
        role=staff_request.role,
        full_name=staff_request.full_name,
        request=request,
    )
    return invitation


# Profile ----------------------------------------------------------------------------------------


def update_profile(*, user: User, full_name: str, time_zone: str, language: str) -> User:
    """Change the user's own name, time zone and language."""
    if not full_name.strip():
        raise ServiceError(_("Enter your name."), field="full_name")
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose a language the portal offers."), field="language")
    user.full_name = full_name.strip()
    user.time_zone = time_zone
    user.language = language
    user.save(update_fields=["full_name", "time_zone", "language"])
    return user
