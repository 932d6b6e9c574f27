"""A waiting invitation can be withdrawn or sent again, by its sender or the clinic's admin."""

import logging
import re
from datetime import timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accommodations.services import ServiceError
from portal.accounts import services
from portal.accounts.models import Invitation, User, hash_token
from portal.audit.models import AuditEvent
from tests import factories

INVITATIONS = reverse("accounts:invitations")
NEW_ACCOUNT = {
    "full_name": "Alex Example",
    "password1": "a long pass phrase",
    "password2": "a long pass phrase",
}


ACCEPT_PAGE = reverse("accounts:invitation_acceptance")


def accept_url(token):
    return reverse("accounts:accept_invitation", args=[token])


def accept(client, token, data):
    """Open the link from the e-mail, then send the form on the page it leads to."""
    client.get(accept_url(token))
    return client.post(ACCEPT_PAGE, data)


def withdraw_url(invitation):
    return reverse("accounts:withdraw_invitation", args=[invitation.pk])


def resend_url(invitation):
    return reverse("accounts:resend_invitation", args=[invitation.pk])


def token_in(mail):
    [token] = set(re.findall(r"/invite/([^/\s\"<]+)/", mail.body))
    return token


def snapshot(invitation):
    invitation.refresh_from_db()
    return (invitation.token_hash, invitation.expires_at, invitation.withdrawn_at)


@pytest.fixture
def waiting(psychologist, student):
    """An invitation the psychologist sent to a new guardian, and its link's token."""
    return services.create_invitation(
        inviter=psychologist,
        kind="guardian",
        email="new.parent@family.example",
        student=student,
        relationship="Father",
        full_name="Alex Example",
    )


def expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )


# Withdrawing ---------------------------------------------------------------------------------


def test_a_withdrawn_invitation_link_says_so_and_cannot_be_accepted(
    client_of, psychologist, waiting
):
    invitation, token = waiting

    response = client_of(psychologist).post(withdraw_url(invitation), follow=True)

    assert response.redirect_chain == [(INVITATIONS, 302)]
    assert "The invitation to new.parent@family.example is withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and not invitation.is_usable

    client = client_of(psychologist)
    client.logout()
    page = client.get(accept_url(token))
    assert page.status_code == 410
    assert "This invitation was withdrawn on" in page.content.decode()
    refused = accept(client, token, NEW_ACCOUNT)
    assert refused.status_code == 404
    assert not User.objects.filter(email="new.parent@family.example").exists()
    with pytest.raises(ServiceError) as raised:
        services.accept_invitation(token=token, full_name="Alex", password="a long pass phrase")
    assert "withdrawn" in raised.value.message


def test_the_clinic_admin_withdraws_an_invitation_a_colleague_sent(client_of, org_admin, waiting):
    invitation, _token = waiting

    response = client_of(org_admin).post(withdraw_url(invitation))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


def test_the_same_relation_can_be_invited_again_once_withdrawn(psychologist, student, waiting):
    invitation, _token = waiting
    services.withdraw_invitation(user=psychologist, invitation_id=invitation.pk)

    again, _token = services.create_invitation(
        inviter=psychologist, kind="guardian", email=invitation.email, student=student
    )

    assert again.pk != invitation.pk and again.is_usable


@pytest.mark.parametrize("state", ["withdrawn", "expired"])
def test_only_a_waiting_invitation_can_be_withdrawn(psychologist, waiting, state):
    invitation, _token = waiting
    if state == "withdrawn":
        services.withdraw_invitation(user=psychologist, invitation_id=invitation.pk)
    else:
        expire(invitation)
    before = snapshot(invitation)

    with pytest.raises(ServiceError) as refused:
        services.withdraw_invitation(user=psychologist, invitation_id=invitation.pk)

    assert state in refused.value.message
    assert snapshot(invitation) == before


# Sending again -------------------------------------------------------------------------------


def test_sending_again_replaces_the_link_and_the_new_one_works(
    client_of,
    client,
    psychologist,
    student,
    waiting,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    invitation, old_token = waiting

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(psychologist).post(resend_url(invitation), follow=True)

    assert response.redirect_chain == [(INVITATIONS, 302)]
    page = response.content.decode()
    assert "Invitation sent again to new.parent@family.example" in page
    invitation.refresh_from_db()
    assert invitation.resent_at is not None
    assert f"sent again {date_filter(invitation.resent_at, 'j M Y')}" in page
    [mail] = mailoutbox
    assert mail.to == ["new.parent@family.example"]
    new_token = token_in(mail)
    assert new_token != old_token
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_token(new_token)

    client.logout()
    assert client.get(accept_url(old_token)).status_code == 404
    assert accept(client, old_token, NEW_ACCOUNT).status_code == 404
    assert not User.objects.filter(email="new.parent@family.example").exists()

    accepted = accept(client, new_token, NEW_ACCOUNT)
    assert accepted.status_code == 302
    assert User.objects.get(email="new.parent@family.example").guardianships.filter(student=student)


def test_an_expired_invitation_sent_again_gets_a_full_new_lifetime(
    client, psychologist, waiting, mailoutbox, django_capture_on_commit_callbacks, settings
):
    invitation, _token = waiting
    expire(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(user=psychologist, invitation_id=invitation.pk)

    invitation.refresh_from_db()
    lifetime = timedelta(days=settings.INVITATION_LIFETIME_DAYS)
    assert invitation.expires_at > timezone.now() + lifetime - timedelta(minutes=1)
    assert accept(client, token_in(mailoutbox[0]), NEW_ACCOUNT).status_code == 302


def test_the_clinic_admin_sends_again_an_invitation_a_colleague_sent(
    client_of, org_admin, psychologist, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, _token = waiting

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(org_admin).post(resend_url(invitation))

    assert response.status_code == 302
    [mail] = mailoutbox
    assert psychologist.full_name in mail.body  # still sent in the name of who invited them


def test_a_withdrawn_invitation_cannot_be_sent_again(psychologist, waiting, mailoutbox):
    invitation, _token = waiting
    services.withdraw_invitation(user=psychologist, invitation_id=invitation.pk)
    before = snapshot(invitation)

    with pytest.raises(ServiceError) as refused:
        services.resend_invitation(user=psychologist, invitation_id=invitation.pk)

    assert "withdrawn" in refused.value.message
    assert snapshot(invitation) == before and not mailoutbox


def test_an_expired_invitation_is_not_sent_again_while_a_newer_one_waits(
    psychologist, student, waiting
):
    invitation, _token = waiting
    expire(invitation)
    services.create_invitation(
        inviter=psychologist, kind="guardian", email=invitation.email, student=student
    )
    before = snapshot(invitation)

    with pytest.raises(ServiceError) as refused:
        services.resend_invitation(user=psychologist, invitation_id=invitation.pk)

    assert "already waiting" in refused.value.message
    assert snapshot(invitation) == before


def test_an_invitation_is_not_sent_again_once_its_sender_left_the_care_team(
    psychologist, student, waiting
):
    invitation, _token = waiting
    psychologist.care_team_roles.filter(student=student).delete()
    before = snapshot(invitation)

    with pytest.raises(ServiceError) as refused:
        services.resend_invitation(user=psychologist, invitation_id=invitation.pk)

    assert "can no longer send this invitation" in refused.value.message
    assert snapshot(invitation) == before


# An accepted invitation stays as it is -------------------------------------------------------


@pytest.mark.parametrize("action", [withdraw_url, resend_url])
def test_an_accepted_invitation_can_be_neither_withdrawn_nor_sent_again(
    client_of, client, psychologist, waiting, mailoutbox, django_capture_on_commit_callbacks, action
):
    invitation, token = waiting
    accept(client, token, NEW_ACCOUNT)
    client.logout()
    before = snapshot(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(psychologist).post(action(invitation), follow=True)

    assert response.status_code == 200
    assert "new.parent@family.example already accepted this invitation on" in (
        response.content.decode()
    )
    assert snapshot(invitation) == before and invitation.accepted_at is not None
    assert not mailoutbox
    assert not AuditEvent.objects.filter(
        action__in=["invitation.withdrawn", "invitation.resent"]
    ).exists()


# Who may do it -------------------------------------------------------------------------------


@pytest.fixture
def other_clinic_admin(other_clinic):
    return factories.ClinicianFactory(
        organization=other_clinic, is_org_admin=True, email="admin@hillcrest.example"
    )


@pytest.mark.parametrize(
    "who",
    [
        "other_clinic_clinician",
        "other_clinic_admin",
        "physician_off_team",
        "guardian",
        "other_guardian",
        "nurse",
    ],
)
@pytest.mark.parametrize("action", [withdraw_url, resend_url])
def test_anyone_but_the_sender_and_the_clinic_admin_gets_404(
    who, action, request, client_of, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, _token = waiting
    before = snapshot(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(request.getfixturevalue(who)).post(action(invitation))

    assert response.status_code == 404
    assert snapshot(invitation) == before and not mailoutbox
    assert not AuditEvent.objects.filter(
        action__in=["invitation.withdrawn", "invitation.resent"]
    ).exists()


@pytest.mark.parametrize("action", [withdraw_url, resend_url])
def test_an_invitation_that_does_not_exist_gets_404(client_of, psychologist, action):
    missing = Invitation(pk=987654)

    assert client_of(psychologist).post(action(missing)).status_code == 404


@pytest.mark.parametrize("action", [withdraw_url, resend_url])
def test_someone_signed_out_is_sent_to_sign_in(client, waiting, action):
    invitation, _token = waiting
    before = snapshot(invitation)

    response = client.post(action(invitation))

    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert snapshot(invitation) == before


@pytest.mark.parametrize("action", [withdraw_url, resend_url])
def test_the_actions_answer_only_post(client_of, psychologist, waiting, action):
    invitation, _token = waiting
    before = snapshot(invitation)

    assert client_of(psychologist).get(action(invitation)).status_code == 405
    assert snapshot(invitation) == before


def test_a_link_withdrawn_after_it_was_opened_is_refused_on_the_form(client, psychologist, waiting):
    invitation, token = waiting
    assert client.get(accept_url(token)).url == ACCEPT_PAGE
    services.withdraw_invitation(user=psychologist, invitation_id=invitation.pk)

    refused = client.post(ACCEPT_PAGE, NEW_ACCOUNT)

    assert refused.status_code == 410
    assert "This invitation was withdrawn on" in refused.content.decode()
    assert not User.objects.filter(email="new.parent@family.example").exists()
    assert client.get(ACCEPT_PAGE).status_code == 404


def test_a_link_sent_again_after_the_first_was_opened_is_refused_on_the_form(
    client, psychologist, waiting
):
    invitation, token = waiting
    client.get(accept_url(token))
    services.resend_invitation(user=psychologist, invitation_id=invitation.pk)

    refused = client.post(ACCEPT_PAGE, NEW_ACCOUNT)

    assert refused.status_code == 404
    assert "not valid" in refused.content.decode()
    assert not User.objects.filter(email="new.parent@family.example").exists()


def test_the_actions_need_the_csrf_token(psychologist, waiting):
    invitation, _token = waiting
    client = Client(enforce_csrf_checks=True)
    client.force_login(psychologist)

    assert client.post(withdraw_url(invitation)).status_code == 403
    assert client.post(resend_url(invitation)).status_code == 403
    assert snapshot(invitation)[2] is None


# The audit trail -----------------------------------------------------------------------------


def test_withdrawing_and_sending_again_are_audited_without_the_token(
    psychologist,
    org_admin,
    student,
    waiting,
    mailoutbox,
    django_capture_on_commit_callbacks,
    caplog,
):
    invitation, _token = waiting
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.resend_invitation(
            user=psychologist, invitation_id=invitation.pk
        )
    services.withdraw_invitation(user=org_admin, invitation_id=invitation.pk)

    resent = AuditEvent.objects.get(action="invitation.resent")
    withdrawn = AuditEvent.objects.get(action="invitation.withdrawn")
    assert (resent.actor, withdrawn.actor) == (psychologist, org_admin)
    for event in (resent, withdrawn):
        assert event.student_id == student.pk
        assert event.organization_id == student.organization_id
        assert event.target_id == str(invitation.pk)
        assert event.extra == {"kind": "guardian"}
    recorded = " ".join(str(value) for row in AuditEvent.objects.values_list() for value in row)
    for secret in (token, hash_token(token)):
        assert secret not in recorded
        assert secret not in caplog.text


# The invitations page ------------------------------------------------------------------------


def test_the_page_offers_each_invitation_the_actions_its_state_allows(
    client_of, psychologist, student, waiting
):
    pending, _token = waiting
    expired, _token = services.create_invitation(
        inviter=psychologist,
        kind="care_team",
        email="pt@lakeside.example",
        student=student,
        role="physical_therapist",
    )
    expire(expired)
    withdrawn, _token = services.create_invitation(
        inviter=psychologist,
        kind="care_team",
        email="ot@lakeside.example",
        student=student,
        role="occupational_therapist",
    )
    services.withdraw_invitation(user=psychologist, invitation_id=withdrawn.pk)

    page = client_of(psychologist).get(INVITATIONS).content.decode()

    assert f'action="{resend_url(pending)}"' in page
    assert f'action="{withdraw_url(pending)}"' in page
    assert 'data-confirm="Withdraw the invitation to new.parent@family.example?' in page
    assert '<span class="visually-hidden"> — new.parent@family.example</span>' in page
    assert f'action="{resend_url(expired)}"' in page
    assert f'action="{withdraw_url(expired)}"' not in page
    assert f'action="{resend_url(withdrawn)}"' not in page
    assert f'action="{withdraw_url(withdrawn)}"' not in page
    assert re.search(r'<span class="badge badge--muted">Withdrawn \d', page)


def test_an_action_returns_to_the_same_page_of_the_list(client_of, psychologist, waiting):
    invitation, _token = waiting

    response = client_of(psychologist).post(withdraw_url(invitation), {"page": "2"})

    assert response["Location"] == INVITATIONS + "?page=2"
