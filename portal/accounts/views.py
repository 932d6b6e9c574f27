"""Invitations (send, list, withdraw, send again, accept) and the user's own profile."""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accommodations.forms import add_service_error
from accommodations.services import ServiceError
from portal.accounts import services
from portal.accounts.forms import KIND_LABELS, AcceptInvitationForm, InvitationForm, ProfileForm
from portal.accounts.models import Invitation, User

SENT_PER_PAGE = 25


def _sent_invitations(user):
    invitations = Invitation.objects.select_related("student", "school", "invited_by")
    if user.is_org_admin and user.organization_id:
        return invitations.filter(organization_id=user.organization_id)
    return invitations.filter(invited_by=user)


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    kinds = services.invitable_kinds(request.user)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind")
    if kind not in kinds:
        kind = kinds[0] if kinds else None

    form = None
    if kind is not None:
        initial = {}
        for name in ("student", "school"):
            if _positive_int(request.GET.get(name)):
                initial[name] = _positive_int(request.GET.get(name))
        form = InvitationForm(
            request.POST if request.method == "POST" else None,
            kind=kind,
            inviter=request.user,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                invitation, _token = services.create_invitation(
                    inviter=request.user,
                    kind=kind,
                    email=data["email"],
                    student=data.get("student"),
                    school=data.get("school"),
                    role=data.get("role", ""),
                    relationship=data.get("relationship", ""),
                    full_name=data.get("full_name", ""),
                    request=request,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. The link works until %(date)s.")
                    % {
                        "email": invitation.email,
                        "date": timezone.localdate(invitation.expires_at).isoformat(),
                    },
                )
                return redirect(reverse("accounts:invitations") + "?" + urlencode({"kind": kind}))

    page = Paginator(_sent_invitations(request.user), SENT_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "kinds": [(value, KIND_LABELS[value]) for value in kinds],
        "kind": kind,
        "form": form,
        "page_obj": page,
        "sent": page.object_list,
        "now": timezone.now(),
        "lifetime_days": settings.INVITATION_LIFETIME_DAYS,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "accounts/invitations.html", context, status=status)


def _back_to_invitations(request: HttpRequest) -> HttpResponse:
    page = _positive_int(request.POST.get("page"))
    query = "?" + urlencode({"page": page}) if page else ""
    return redirect(reverse("accounts:invitations") + query)


@login_required
@require_POST
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        invitation = services.withdraw_invitation(
            user=request.user, invitation_id=invitation_id, request=request
        )
    except ServiceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return _back_to_invitations(request)


@login_required
@require_POST
def resend_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        invitation, _token = services.resend_invitation(
            user=request.user, invitation_id=invitation_id, request=request
        )
    except ServiceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Invitation sent again to %(email)s with a new link, which works until %(date)s. "
                "The earlier link no longer works."
            )
            % {
                "email": invitation.email,
                "date": timezone.localdate(invitation.expires_at).isoformat(),
            },
        )
    return _back_to_invitations(request)


# The link's token is kept in the session, not in the address of the page with the form: the
# form then posts with the page's own origin (a no-referrer page makes Chromium send
# "Origin: null", which the CSRF check refuses), and the token never reaches a Referer.
INVITATION_TOKEN_KEY = "accounts.invitation_token"


def _invitation_problem_page(request: HttpRequest, problem: str, *, status: int) -> HttpResponse:
    return render(request, "accounts/invitation_problem.html", {"problem": problem}, status=status)


@never_cache
@require_safe
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: remember its invitation in the session and go to the form."""
    invitation = services.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        status = 404 if invitation is None else 410
        response = _invitation_problem_page(request, problem, status=status)
    else:
        request.session[INVITATION_TOKEN_KEY] = token
        response = redirect("accounts:invitation_acceptance")
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_acceptance(request: HttpRequest) -> HttpResponse:
    """The form for the invitation whose link was opened in this browser, checked afresh on
    every request, so a link withdrawn or used meanwhile is refused."""
    token = request.session.get(INVITATION_TOKEN_KEY) or ""
    invitation = services.invitation_for_token(token) if token else None
    problem = (
        services.invitation_problem(invitation)
        if token
        else _(
            "Open the link in your invitation e-mail to accept it. If you opened it in "
            "another browser, open it again here."
        )
    )
    if problem:
        request.session.pop(INVITATION_TOKEN_KEY, None)
        status = 404 if invitation is None else 410
        response = _invitation_problem_page(request, problem, status=status)
        response["Referrer-Policy"] = "same-origin"
        return response

    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    signed_in = request.user.is_authenticated
    form = None
    error = None
    if signed_in or has_account:
        if request.method == "POST" and signed_in:
            try:
                services.accept_invitation(token=token, user=request.user, request=request)
            except ServiceError as refusal:
                error = refusal.message
            else:
                request.session.pop(INVITATION_TOKEN_KEY, None)
                messages.success(request, _("Invitation accepted."))
                return redirect("home")
    else:
        form = AcceptInvitationForm(
            request.POST or None, initial={"full_name": invitation.full_name}
        )
        if request.method == "POST" and form.is_valid():
            try:
                user = services.accept_invitation(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    request=request,
                )
            except ServiceError as refusal:
                add_service_error(form, refusal)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                # The password was just given: clinic staff, sent on to set up a second factor,
                # are not asked for it again there (portal.accounts.adapters).
                record_authentication(request, user, "password")
                request.session.pop(INVITATION_TOKEN_KEY, None)
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("home")

    context = {
        "invitation": invitation,
        "is_invitee": signed_in and services.user_owns_address(request.user, invitation.email),
        "form": form,
        "error": error,
        "has_account": has_account,
        "login_url": reverse("account_login")
        + "?"
        + urlencode({"next": reverse("accounts:invitation_acceptance")}),
    }
    status = 400 if request.method == "POST" else 200
    response = render(request, "accounts/accept_invitation.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "time_zone": user.time_zone,
            "language": user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=365 * 24 * 60 * 60,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    status = 400 if form.is_bound else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)
