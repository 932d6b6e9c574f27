"""Invitations: who may invite whom, the e-mail, and accepting once."""

import re
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accommodations.models import CareTeamMember, Guardianship, SchoolStaff
from accommodations.services import ServiceError
from portal.accounts import services
from portal.accounts.models import Invitation, User, hash_token
from portal.audit.models import AuditEvent
from tests import factories

INVITATIONS = reverse("accounts:invitations")


ACCEPT_PAGE = reverse("accounts:invitation_acceptance")


def accept_url(token):
    return reverse("accounts:accept_invitation", args=[token])


def accept(client, token, data=None):
    """Open the link from the e-mail, then send the form on the page it leads to."""
    opened = client.get(accept_url(token))
    assert opened.status_code == 302 and opened.url == ACCEPT_PAGE
    return client.post(ACCEPT_PAGE, data or {})


# Who may invite whom -----------------------------------------------------------------------


def test_a_clinician_on_the_care_team_invites_a_guardian(
    psychologist, student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.create_invitation(
            inviter=psychologist,
            kind="guardian",
            email="New.Parent@Family.example",
            student=student,
            relationship="Father",
            full_name="Alex Example",
        )

    assert invitation.email == "new.parent@family.example"
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    [mail] = mailoutbox
    assert mail.to == ["new.parent@family.example"]
    assert mail.subject.endswith(
        "You are invited to the Lakeside Children's Pain Clinic school portal"
    )
    assert accept_url(token) in mail.body
    assert accept_url(token) in mail.alternatives[0][0]
    assert student.first_name not in mail.body and "M.E." in mail.body  # initials only
    assert AuditEvent.objects.filter(action="invitation.sent", student_id=student.pk).exists()


def test_a_clinician_invites_a_care_team_colleague_with_a_role(psychologist, student):
    invitation, _ = services.create_invitation(
        inviter=psychologist,
        kind="care_team",
        email="pt@lakeside.example",
        student=student,
        role=CareTeamMember.Role.PHYSICAL_THERAPIST,
    )

    assert invitation.organization == student.organization


@pytest.mark.parametrize("kind", ["guardian", "care_team"])
def test_a_clinician_off_the_care_team_cannot_invite_for_the_student(
    physician_off_team, student, kind
):
    with pytest.raises(ServiceError):
        services.create_invitation(
            inviter=physician_off_team,
            kind=kind,
            email="x@example.org",
            student=student,
            role="physician",
        )
    assert not Invitation.objects.exists()


def test_only_a_clinic_administrator_invites_clinic_staff(org_admin, psychologist, student):
    invitation, _ = services.create_invitation(
        inviter=org_admin, kind="clinician", email="new.nurse@lakeside.example"
    )
    assert invitation.organization == org_admin.organization and invitation.student is None

    with pytest.raises(ServiceError):
        services.create_invitation(inviter=psychologist, kind="clinician", email="y@example.org")


@pytest.mark.parametrize("keeper", ["org_admin", "school_admin"])
def test_the_clinic_administrator_or_the_schools_administrator_invites_school_staff(
    keeper, request, student, school
):
    inviter = request.getfixturevalue(keeper)

    invitation, _ = services.create_invitation(
        inviter=inviter,
        kind="school_staff",
        email="counselor@maplegrove.example",
        school=school,
        role=SchoolStaff.Role.COUNSELOR,
    )

    assert invitation.school == school and invitation.student is None
    assert invitation.organization == (inviter.organization if keeper == "org_admin" else None)


@pytest.mark.parametrize("release_state", ["in_force", "revoked", "none"])
def test_a_family_never_invites_school_staff(release_state, guardian, student, school):
    if release_state != "none":
        factories.ReleaseFactory(
            student=student,
            school=school,
            granted_by=guardian,
            revoked_at=timezone.now() if release_state == "revoked" else None,
        )

    with pytest.raises(ServiceError) as refused:
        services.create_invitation(
            inviter=guardian,
            kind="school_staff",
            email="a@maplegrove.example",
            student=student,
            school=school,
            role="nurse",
        )
    assert refused.value.field == "school"
    assert "school_staff" not in services.invitable_kinds(guardian)
    assert not Invitation.objects.exists()


def test_a_school_administrator_cannot_invite_to_another_schools_roster(
    school_admin, other_school, other_student
):
    with pytest.raises(ServiceError):
        services.create_invitation(
            inviter=school_admin,
            kind="school_staff",
            email="a@riverbend.example",
            school=other_school,
            role="nurse",
        )


def test_only_addresses_on_the_schools_verified_domains_can_be_invited(org_admin, student, school):
    school.email_domains = "maplegrove.example\nstaff.maplegrove.example"
    school.save()

    with pytest.raises(ServiceError) as refused:
        services.create_invitation(
            inviter=org_admin,
            kind="school_staff",
            email="made.up.nurse@gmail.example",
            school=school,
            role="nurse",
        )
    assert refused.value.field == "email"

    invitation, _ = services.create_invitation(
        inviter=org_admin,
        kind="school_staff",
        email="nurse2@staff.maplegrove.example",
        school=school,
        role="nurse",
    )
    assert invitation.pk


@pytest.mark.parametrize("who", ["other_guardian", "nurse", "other_clinic_clinician"])
def test_nobody_else_can_invite_for_the_student(who, request, student, school):
    inviter = request.getfixturevalue(who)
    for kind in ("guardian", "care_team", "school_staff", "clinician"):
        with pytest.raises(ServiceError):
            services.create_invitation(
                inviter=inviter,
                kind=kind,
                email="z@example.org",
                student=student,
                school=school,
                role="teacher",
            )
    assert not Invitation.objects.exists()


def test_a_second_invitation_for_the_same_relation_is_refused_while_the_first_waits(
    psychologist, student
):
    kwargs = {
        "inviter": psychologist,
        "kind": "guardian",
        "email": "p@family.example",
        "student": student,
    }
    services.create_invitation(**kwargs)

    with pytest.raises(ServiceError) as refused:
        services.create_invitation(**{**kwargs, "email": "P@family.example"})
    assert "already waiting" in refused.value.message


def test_someone_who_already_has_the_access_is_not_invited_again(psychologist, student, guardian):
    with pytest.raises(ServiceError) as refused:
        services.create_invitation(
            inviter=psychologist, kind="guardian", email=guardian.email, student=student
        )
    assert "already has this access" in refused.value.message


# Accepting -----------------------------------------------------------------------------------


@pytest.fixture
def guardian_invitation(psychologist, student):
    return services.create_invitation(
        inviter=psychologist,
        kind="guardian",
        email="new.parent@family.example",
        student=student,
        relationship="Father",
        full_name="Alex Example",
    )


def test_a_new_guardian_accepts_sets_a_password_and_sees_the_child(
    client, guardian_invitation, student
):
    _invitation, token = guardian_invitation
    page = client.get(accept_url(token), follow=True)
    assert page.redirect_chain == [(ACCEPT_PAGE, 302)]
    assert page.status_code == 200 and "Create my account" in page.content.decode()

    response = client.post(
        ACCEPT_PAGE,
        {
            "full_name": "Alex Example",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.parent@family.example")
    assert user.check_password("a long pass phrase")
    assert EmailAddress.objects.get(user=user).verified
    assert Guardianship.objects.get(guardian=user, student=student).relationship == "Father"
    assert client.get(reverse("accommodations:student", args=[student.pk])).status_code == 200


def test_an_invitation_works_once(client, guardian_invitation):
    _invitation, token = guardian_invitation
    data = {
        "full_name": "Alex",
        "password1": "a long pass phrase",
        "password2": "a long pass phrase",
    }
    accept(client, token, data)
    client.logout()

    response = client.get(accept_url(token))

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert client.post(ACCEPT_PAGE, data).status_code == 404
    assert User.objects.filter(email="new.parent@family.example").count() == 1


def test_an_expired_invitation_says_so(client, guardian_invitation):
    invitation, token = guardian_invitation
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )

    response = client.get(accept_url(token))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_unknown_link_says_it_is_not_valid(client, db):
    response = client.get(accept_url("not-a-real-token"))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_the_link_leads_to_the_form_at_an_address_without_the_token(client, guardian_invitation):
    _invitation, token = guardian_invitation

    opened = client.get(accept_url(token))
    page = client.get(ACCEPT_PAGE)

    assert opened.status_code == 302 and opened.url == ACCEPT_PAGE
    assert opened["Referrer-Policy"] == "no-referrer"
    assert page.status_code == 200 and "Create my account" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert token not in page.content.decode()
    for response in (opened, page):
        assert "no-store" in response["Cache-Control"]


def test_the_form_passes_the_csrf_check_from_the_sites_own_origin(guardian_invitation, student):
    invitation, token = guardian_invitation
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(accept_url(token), follow=True).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "full_name": "Alex Example",
        "password1": "a long pass phrase",
        "password2": "a long pass phrase",
        "csrfmiddlewaretoken": csrf,
    }

    # What a browser sends from a page with Referrer-Policy: no-referrer is refused.
    assert browser.post(ACCEPT_PAGE, form, HTTP_ORIGIN="null").status_code == 403
    response = browser.post(ACCEPT_PAGE, form, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 302 and response.url == reverse("home")
    assert Guardianship.objects.filter(guardian__email=invitation.email, student=student).exists()


def test_the_form_asks_to_open_the_link_in_a_browser_that_has_not(client, guardian_invitation):
    invitation, _token = guardian_invitation

    page = client.get(ACCEPT_PAGE)
    refused = client.post(
        ACCEPT_PAGE,
        {"full_name": "Alex", "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )

    assert page.status_code == 404
    assert "Open the link in your invitation e-mail" in page.content.decode()
    assert refused.status_code == 404
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(client, guardian_invitation):
    invitation, token = guardian_invitation

    response = accept(
        client, token, {"full_name": "Alex", "password1": "short", "password2": "short"}
    )

    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.filter(email=invitation.email).exists()
    assert "Create my account" in client.get(ACCEPT_PAGE).content.decode()


def test_an_existing_account_signs_in_to_accept(client_of, client, psychologist, student, guardian):
    # The guardian of one child is invited as guardian of a sibling.
    sibling = factories.StudentFactory(organization=student.organization, school=student.school)
    factories.CareTeamMemberFactory(student=sibling, user=psychologist)
    _invitation, token = services.create_invitation(
        inviter=psychologist, kind="guardian", email=guardian.email, student=sibling
    )

    page = client.get(accept_url(token), follow=True).content.decode()
    assert "Sign in to accept" in page
    assert "next=" + quote(ACCEPT_PAGE, safe="") in page

    signed_in = client_of(guardian)
    response = signed_in.post(ACCEPT_PAGE)

    assert response.status_code == 302
    assert Guardianship.objects.filter(guardian=guardian, student=sibling).exists()


def test_signing_in_from_the_form_comes_back_to_it(client, psychologist, student, guardian):
    sibling = factories.StudentFactory(organization=student.organization, school=student.school)
    factories.CareTeamMemberFactory(student=sibling, user=psychologist)
    _invitation, token = services.create_invitation(
        inviter=psychologist, kind="guardian", email=guardian.email, student=sibling
    )
    client.get(accept_url(token))

    signed_in = client.post(
        reverse("account_login") + "?" + urlencode({"next": ACCEPT_PAGE}),
        {"login": guardian.email, "password": "pass-phrase-123"},
    )
    assert signed_in.status_code == 302 and signed_in.url == ACCEPT_PAGE
    assert "Accept the invitation" in client.get(ACCEPT_PAGE).content.decode()
    response = client.post(ACCEPT_PAGE)

    assert response.status_code == 302
    assert Guardianship.objects.filter(guardian=guardian, student=sibling).exists()


def test_someone_signed_in_with_another_address_cannot_accept(
    client_of, guardian_invitation, nurse
):
    _invitation, token = guardian_invitation
    client = client_of(nurse)

    page = client.get(accept_url(token), follow=True).content.decode()
    assert "but this invitation is for" in page
    client.post(ACCEPT_PAGE)

    assert not Guardianship.objects.filter(guardian=nurse).exists()


def test_a_care_team_invitation_makes_the_new_user_clinic_staff_on_the_team(
    client, psychologist, student
):
    _invitation, token = services.create_invitation(
        inviter=psychologist,
        kind="care_team",
        email="ot@lakeside.example",
        student=student,
        role=CareTeamMember.Role.OCCUPATIONAL_THERAPIST,
    )
    accept(
        client,
        token,
        {
            "full_name": "Casey OT",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )

    user = User.objects.get(email="ot@lakeside.example")
    assert user.organization == student.organization
    assert CareTeamMember.objects.get(user=user, student=student).role == "occupational_therapist"


def test_a_school_staff_invitation_adds_them_to_the_roster(
    client, school_admin, guardian, nurse, student, school
):
    _invitation, token = services.create_invitation(
        inviter=school_admin,
        kind="school_staff",
        email="counselor@maplegrove.example",
        school=school,
        role=SchoolStaff.Role.COUNSELOR,
    )
    accept(
        client,
        token,
        {
            "full_name": "Pat Counselor",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )

    user = User.objects.get(email="counselor@maplegrove.example")
    member = SchoolStaff.objects.get(user=user, school=school)
    assert member.role == "counselor" and member.added_by == school_admin
    assert user.organization is None
    assert client.get(reverse("accommodations:student", args=[student.pk])).status_code == 200


def test_an_invitation_from_someone_taken_off_the_roster_no_longer_works(
    client, school_admin, student, school
):
    _invitation, token = services.create_invitation(
        inviter=school_admin,
        kind="school_staff",
        email="teacher@maplegrove.example",
        school=school,
        role=SchoolStaff.Role.TEACHER,
    )
    SchoolStaff.objects.filter(user=school_admin).delete()

    client.get(accept_url(token))
    client.post(
        ACCEPT_PAGE,
        {"full_name": "Pat", "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )

    assert not SchoolStaff.objects.filter(user__email="teacher@maplegrove.example").exists()
    assert not User.objects.filter(email="teacher@maplegrove.example").exists()


def test_clinic_staff_of_another_clinic_cannot_take_a_care_team_invitation(
    client_of, psychologist, student, other_clinic_clinician
):
    _invitation, token = services.create_invitation(
        inviter=psychologist,
        kind="care_team",
        email=other_clinic_clinician.email,
        student=student,
        role="physician",
    )

    accept(client_of(other_clinic_clinician), token)

    assert not CareTeamMember.objects.filter(user=other_clinic_clinician, student=student).exists()
    assert Invitation.objects.get().accepted_at is None


# The invitations page ------------------------------------------------------------------------


def test_the_page_prefills_the_kind_and_school(client_of, school_admin, school):
    response = client_of(school_admin).get(
        INVITATIONS, {"kind": "school_staff", "school": school.pk}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.kind == "school_staff"
    assert form.initial == {"school": school.pk}


def test_a_school_administrator_sends_an_invitation_from_the_page(
    client_of, school_admin, school, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(school_admin).post(
            INVITATIONS,
            {
                "kind": "school_staff",
                "school": school.pk,
                "email": "coach@maplegrove.example",
                "role": "teacher",
            },
        )

    assert response.status_code == 302
    [mail] = mailoutbox
    assert "Maple Grove Middle School" in mail.subject
    assert Invitation.objects.get().invited_by == school_admin


def test_the_page_refuses_a_student_outside_the_inviters_caseload(
    client_of, psychologist, student, other_student
):
    response = client_of(psychologist).post(
        INVITATIONS,
        {
            "kind": "guardian",
            "student": other_student.pk,
            "email": "x@example.org",
            "relationship": "Mother",
        },
    )

    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_kind_the_user_may_not_send_falls_back_to_one_they_may(client_of, psychologist, student):
    response = client_of(psychologist).get(INVITATIONS, {"kind": "clinician", "student": "abc"})

    assert response.status_code == 200
    assert response.context["kind"] == "guardian"


def test_someone_who_can_invite_nobody_sees_an_explanation(client_of, other_guardian):
    response = client_of(other_guardian).get(INVITATIONS)

    assert response.status_code == 200
    assert "cannot send invitations yet" in response.content.decode()


def test_each_inviter_lists_only_their_invitations_and_the_admin_the_clinics(
    client_of, psychologist, org_admin, student, nurse, school
):
    services.create_invitation(
        inviter=psychologist, kind="guardian", email="a@x.example", student=student
    )
    services.create_invitation(
        inviter=org_admin,
        kind="school_staff",
        email="b@x.example",
        school=school,
        role="teacher",
    )

    def listed(user):
        return {i.email for i in client_of(user).get(INVITATIONS).context["sent"]}

    assert listed(psychologist) == {"a@x.example"}
    assert listed(org_admin) == {"a@x.example", "b@x.example"}
