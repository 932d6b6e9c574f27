"""A guardian shares a signed letter; the recipient opens, downloads and confirms it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from letters import guessing, sharing
from letters.models import Letter, LetterShare, ShareAccess
from portal.audit.models import AuditEvent

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


def share_create_url(letter):
    return reverse("letters:share_create", args=[letter.student_id, letter.id])


@pytest.fixture
def shared(client_of, guardian, signed_letter, django_capture_on_commit_callbacks):
    """The guardian shares the letter through the page; returns (share, link path)."""
    client = client_of(guardian)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            share_create_url(signed_letter),
            {
                "recipient_name": "Ms. Carmen Díaz",
                "recipient_email": "carmen.diaz@maplegrove.example",
                "recipient_role": "504 coordinator",
                "days": 30,
            },
        )
    assert response.status_code == 200
    share = LetterShare.objects.get()
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/share/[A-Za-z0-9_\-]+/)", message.body).group(1)
    client.logout()
    return share, path


def test_sharing_emails_the_recipient_a_link_with_a_long_random_token(shared, signed_letter):
    share, path = shared
    [message] = mail.outbox
    assert message.to == ["carmen.diaz@maplegrove.example"]
    assert path in message.alternatives[0][0]
    token = path.split("/")[2]
    assert len(token) >= 43  # 32 random bytes
    assert share.token_hash == sharing.hash_token(token)
    assert token not in str(LetterShare.objects.values_list())
    assert (share.expires_at - share.created_at).days == 30
    assert share.email_sent_at is not None
    event = AuditEvent.objects.get(action="letter.shared")
    assert token not in str(event.extra)


def test_the_link_opens_the_letter_and_every_opening_is_logged(client, shared, signed_letter):
    share, path = shared
    response = client.get(path, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.7")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mia Example" in html
    assert "Authentic and current" in html
    assert "Confirm receipt" in html
    client.get(path, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.8")
    opened = share.accesses.filter(kind=ShareAccess.Kind.OPENED).order_by("at")
    assert [use.ip_address for use in opened] == ["203.0.113.7", "203.0.113.8"]
    assert opened[0].user_agent == PHONE
    assert AuditEvent.objects.filter(action="letter.share_opened").count() == 2


def test_share_pages_send_no_referrer_and_are_never_cached(client, shared):
    _, path = shared
    for url in (path, path + "letter.pdf", "/share/not-a-real-token/"):
        response = client.get(url)
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]


def test_the_download_is_exactly_the_signed_letter(client, shared, signed_letter):
    _, path = shared
    response = client.get(path + "letter.pdf")
    assert response.status_code == 200
    with signed_letter.pdf.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert ShareAccess.objects.filter(kind=ShareAccess.Kind.DOWNLOADED).count() == 1


def test_the_recipient_confirms_receipt_and_family_and_psychologist_see_it(
    client, client_of, shared, signed_letter, guardian, psychologist
):
    share, path = shared
    client.get(path)
    response = client.post(path, {"name": "Carmen Díaz", "note": "Shared with PE teacher."})
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.receipt_name == "Carmen Díaz"
    assert share.receipt_confirmed_at is not None
    again = client.post(path, {"name": "Someone Else", "note": ""})
    assert again.status_code == 302
    share.refresh_from_db()
    assert share.receipt_name == "Carmen Díaz"
    detail = reverse("letters:letter_detail", args=[signed_letter.student_id, signed_letter.id])
    for viewer in (guardian, psychologist):
        html = client_of(viewer).get(detail).content.decode()
        assert "Carmen Díaz confirmed receipt" in html or "Receipt confirmed by Carmen Díaz" in html
        assert "Shared with PE teacher." in html


def test_the_guardian_sees_the_log_of_the_link(client_of, client, shared, guardian, signed_letter):
    _, path = shared
    client.get(path, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.4")
    detail = reverse("letters:letter_detail", args=[signed_letter.student_id, signed_letter.id])
    html = client_of(guardian).get(detail).content.decode()
    assert "198.51.100.4" in html
    assert "Opened the letter" in html
    assert "iPhone" in html


def test_a_closed_link_says_so_and_reveals_nothing(client, client_of, shared, guardian):
    share, path = shared
    revoke = reverse(
        "letters:share_revoke", args=[share.letter.student_id, share.letter_id, share.id]
    )
    assert client_of(guardian).post(revoke).status_code == 302
    client.logout()
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 410
    assert "This link has been closed" in html
    assert "Mia" not in html and "Example" not in html
    assert client.get(path + "letter.pdf").status_code == 410
    assert AuditEvent.objects.filter(action="letter.share_revoked").count() == 1


def test_an_expired_link_says_so_and_reveals_nothing(client, shared):
    share, path = shared
    LetterShare.objects.filter(pk=share.pk).update(
        created_at=timezone.now() - timedelta(days=31), expires_at=timezone.now()
    )
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 410
    assert "This link has expired" in html
    assert "Mia" not in html


def test_a_link_to_a_revoked_letter_shows_nothing_of_it(client, shared, signed_letter):
    _, path = shared
    Letter.objects.filter(pk=signed_letter.pk).update(
        status=Letter.Status.REVOKED, revoked_at=timezone.now()
    )
    response = client.get(path)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "Mia" not in response.content.decode()


def test_guessing_is_cut_off_even_for_a_real_token(client, shared):
    _, path = shared
    for attempt in range(guessing.LIMITS["share"]):
        response = client.get(f"/share/guess-{attempt}-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
        assert response.status_code == 404
        assert "does not work" in response.content.decode()
    blocked = client.get(path)
    assert blocked.status_code == 429
    assert "Mia" not in blocked.content.decode()
    other_address = client.get(path, REMOTE_ADDR="192.0.2.55")
    assert other_address.status_code == 200


def test_a_share_link_opens_one_letter_and_nothing_else(client, shared, signed_letter, student):
    _, path = shared
    client.get(path)
    for url in (
        reverse("letters:student_letters", args=[student.id]),
        reverse("letters:letter_pdf", args=[student.id, signed_letter.id]),
        reverse("accommodations:student", args=[student.id]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_guardian_can_choose_how_long_the_link_lasts_up_to_a_year(
    client_of, guardian, signed_letter
):
    client = client_of(guardian)
    fields = {"recipient_name": "R", "recipient_email": "r@school.example", "recipient_role": "x"}
    too_long = client.post(share_create_url(signed_letter), {**fields, "days": 366})
    assert too_long.status_code == 200
    assert not LetterShare.objects.exists()
    client.post(share_create_url(signed_letter), {**fields, "days": 365})
    share = LetterShare.objects.get()
    assert (share.expires_at - share.created_at) == timedelta(days=365)


@pytest.mark.parametrize("persona", ["psychologist", "nurse"])
def test_only_a_guardian_shares(request, client_of, persona, signed_letter):
    client = client_of(request.getfixturevalue(persona))
    response = client.post(
        share_create_url(signed_letter),
        {"recipient_name": "R", "recipient_email": "r@x.example", "recipient_role": "x", "days": 3},
    )
    assert response.status_code == 404
    assert not LetterShare.objects.exists()


def test_only_the_students_guardian_closes_a_link(
    client_of, shared, nurse, psychologist, outsiders
):
    share, _ = shared
    revoke = reverse(
        "letters:share_revoke", args=[share.letter.student_id, share.letter_id, share.id]
    )
    for user in [nurse, psychologist, *outsiders.values()]:
        assert client_of(user).post(revoke).status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_outsiders_cannot_share(client_of, outsiders, signed_letter):
    for label, user in outsiders.items():
        response = client_of(user).get(share_create_url(signed_letter))
        assert response.status_code == 404, label


def test_a_superseded_letter_cannot_be_shared_anew(client_of, guardian, signed_letter):
    Letter.objects.filter(pk=signed_letter.pk).update(status=Letter.Status.SUPERSEDED)
    response = client_of(guardian).post(
        share_create_url(signed_letter),
        {"recipient_name": "R", "recipient_email": "r@x.example", "recipient_role": "x", "days": 3},
    )
    assert response.status_code == 200
    assert "Only a signed, current letter can be shared." in response.content.decode()
    assert not LetterShare.objects.exists()


def test_the_receipt_form_works_from_a_page_that_sends_no_referrer(shared):
    """Browsers send "Origin: null" from a no-referrer page; the form must still work."""
    from django.test import Client

    share, path = shared
    browser = Client(enforce_csrf_checks=True)
    browser.get(path)
    response = browser.post(path, {"name": "Carmen Díaz", "note": ""}, HTTP_ORIGIN="null")
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.receipt_name == "Carmen Díaz"


def test_the_guardian_is_told_the_first_time_the_link_is_opened(client, shared, guardian):
    from portal.notifications.models import Notification

    _, path = shared
    client.get(path)
    client.get(path)
    told = Notification.objects.filter(recipient=guardian, kind="share_opened")
    assert told.exists()
    assert told.values("dedupe_key").distinct().count() == 1


def test_guardian_and_signer_are_told_of_the_receipt(client, shared, guardian, psychologist):
    from portal.notifications.models import Notification

    _, path = shared
    client.post(path, {"name": "Carmen Díaz", "note": ""})
    for person in (guardian, psychologist):
        assert Notification.objects.filter(
            recipient=person, kind="share_receipt_confirmed"
        ).exists()


def test_no_email_goes_out_for_a_link_closed_before_it_was_sent(
    client_of, guardian, signed_letter, django_capture_on_commit_callbacks
):
    client = client_of(guardian)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(
            share_create_url(signed_letter),
            {
                "recipient_name": "R",
                "recipient_email": "r@school.example",
                "recipient_role": "nurse",
                "days": 7,
            },
        )
    share = LetterShare.objects.get()
    revoke = reverse(
        "letters:share_revoke", args=[signed_letter.student_id, signed_letter.id, share.id]
    )
    client.post(revoke)
    for callback in queued:
        callback()
    assert mail.outbox == []


def test_the_email_task_skips_a_share_that_is_gone(db):
    from letters.tasks import send_share_email

    send_share_email.delay(987654, sharing.seal_token("whatever"))
    assert mail.outbox == []


def test_the_email_task_sends_once_even_if_run_twice(shared):
    from letters.tasks import send_share_email

    share, path = shared
    token = path.split("/")[2]
    send_share_email.delay(share.pk, sharing.seal_token(token))
    assert len(mail.outbox) == 1
