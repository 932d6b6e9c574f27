"""A guardian shares a signed letter; the recipient opens, downloads and confirms it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from letters import guessing, sharing
from letters.models import Letter, LetterShare, ShareAccess
from portal.audit.models import AuditEvent

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


def share_create_url(letter):
    return reverse("letters:share_create", args=[letter.student_id, letter.id])


def letter_page(client, path, **extra):
    """Open the link from the e-mail; return the address of the letter's page it leads to."""
    opened = client.get(path, **extra)
    assert opened.status_code == 302
    return opened.url


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
    response = client.get(path, follow=True, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.7")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mia Example" in html
    assert "Authentic and current" in html
    assert "Confirm receipt" in html
    client.get(path, follow=True, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.8")
    opened = share.accesses.filter(kind=ShareAccess.Kind.OPENED).order_by("at")
    assert [use.ip_address for use in opened] == ["203.0.113.7", "203.0.113.8"]
    assert opened[0].user_agent == PHONE
    assert AuditEvent.objects.filter(action="letter.share_opened").count() == 2


def test_the_link_leads_to_the_letters_page_at_an_address_without_the_token(client, shared):
    share, path = shared
    token = path.split("/")[2]
    opened = client.get(path)
    assert opened.status_code == 302
    assert opened.url == reverse("letters:shared_letter", args=[share.pk])
    assert token not in opened.url
    page = client.get(opened.url)
    assert page.status_code == 200
    assert token not in page.content.decode()


def test_the_link_sends_no_referrer_and_the_letters_pages_only_their_own_origin(client, shared):
    _, path = shared
    for url in (path, "/share/not-a-real-token/"):
        response = client.get(url)
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]
    page = letter_page(client, path)
    for url in (page, page + "letter.pdf"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Referrer-Policy"] == "same-origin"
        assert "no-store" in response["Cache-Control"]
    assert 'name="referrer"' not in client.get(page).content.decode()


def test_the_download_is_exactly_the_signed_letter(client, shared, signed_letter):
    _, path = shared
    response = client.get(letter_page(client, path) + "letter.pdf")
    assert response.status_code == 200
    with signed_letter.pdf.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert ShareAccess.objects.filter(kind=ShareAccess.Kind.DOWNLOADED).count() == 1


def test_the_recipient_confirms_receipt_and_family_and_psychologist_see_it(
    client, client_of, shared, signed_letter, guardian, psychologist
):
    share, path = shared
    page = letter_page(client, path)
    response = client.post(page, {"name": "Carmen Díaz", "note": "Shared with PE teacher."})
    assert response.status_code == 302 and response.url == page
    share.refresh_from_db()
    assert share.receipt_name == "Carmen Díaz"
    assert share.receipt_confirmed_at is not None
    assert AuditEvent.objects.filter(action="letter.share_confirmed").count() == 1
    again = client.post(page, {"name": "Someone Else", "note": ""})
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
    client.get(path, follow=True, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.4")
    detail = reverse("letters:letter_detail", args=[signed_letter.student_id, signed_letter.id])
    html = client_of(guardian).get(detail).content.decode()
    assert "198.51.100.4" in html
    assert "Opened the letter" in html
    assert "iPhone" in html


def test_a_closed_link_says_so_and_reveals_nothing(client_of, shared, guardian):
    share, path = shared
    recipient = Client()
    page = letter_page(recipient, path)
    revoke = reverse(
        "letters:share_revoke", args=[share.letter.student_id, share.letter_id, share.id]
    )
    assert client_of(guardian).post(revoke).status_code == 302
    for url in (path, page, page + "letter.pdf"):
        response = recipient.get(url)
        html = response.content.decode()
        assert response.status_code == 410
        assert "This link has been closed" in html
        assert "Mia" not in html and "Example" not in html
    refused = recipient.post(page, {"name": "Carmen Díaz", "note": ""})
    assert refused.status_code == 410
    share.refresh_from_db()
    assert share.receipt_confirmed_at is None
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


def test_guessing_is_cut_off_but_a_real_link_still_opens(client, shared):
    _, path = shared
    for attempt in range(guessing.LIMITS["share"]):
        response = client.get(f"/share/guess-{attempt}-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
        assert response.status_code == 404
        assert "does not work" in response.content.decode()
    blocked = client.get("/share/one-more-guess-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
    assert blocked.status_code == 429
    # The guesser's own address, or anyone sharing it (a school's one public address), still
    # opens a real link.
    assert client.get(path).status_code == 302
    assert client.get(path, REMOTE_ADDR="192.0.2.55").status_code == 302


def test_a_share_link_opens_one_letter_and_nothing_else(client, shared, signed_letter, student):
    _, path = shared
    client.get(path, follow=True)
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


def test_the_receipt_form_passes_the_csrf_check_from_the_sites_own_origin(shared):
    share, path = shared
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path, follow=True)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    receipt = {"name": "Carmen Díaz", "note": "", "csrfmiddlewaretoken": csrf.group(1)}
    address = page.redirect_chain[-1][0]

    response = browser.post(address, receipt, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 302
    share.refresh_from_db()
    assert share.receipt_name == "Carmen Díaz"


def test_the_receipt_form_needs_the_csrf_token(shared):
    share, path = shared
    browser = Client(enforce_csrf_checks=True)
    page = letter_page(browser, path)

    response = browser.post(page, {"name": "Carmen Díaz", "note": ""})

    assert response.status_code == 403
    share.refresh_from_db()
    assert share.receipt_confirmed_at is None


def test_the_letters_page_asks_to_open_the_link_in_a_browser_that_has_not(shared):
    share, path = shared
    page = letter_page(Client(), path)
    for url in (page, page + "letter.pdf"):
        response = Client().get(url)
        html = response.content.decode()
        assert response.status_code == 404
        assert "Open the link from your email" in html
        assert "Mia" not in html
    assert Client().post(page, {"name": "Carmen Díaz", "note": ""}).status_code == 404
    share.refresh_from_db()
    assert share.receipt_confirmed_at is None


def test_a_browser_that_opened_one_share_cannot_open_another(
    client_of, guardian, shared, signed_letter, django_capture_on_commit_callbacks
):
    first, first_path = shared
    with django_capture_on_commit_callbacks(execute=True):
        client_of(guardian).post(
            share_create_url(signed_letter),
            {
                "recipient_name": "Mr. Sam Okafor",
                "recipient_email": "sam.okafor@maplegrove.example",
                "recipient_role": "PE teacher",
                "days": 30,
            },
        )
    second = LetterShare.objects.exclude(pk=first.pk).get()
    recipient = Client()
    letter_page(recipient, first_path)
    other = reverse("letters:shared_letter", args=[second.pk])

    for response in (
        recipient.get(other),
        recipient.get(other + "letter.pdf"),
        recipient.post(other, {"name": "Carmen Díaz", "note": ""}),
    ):
        assert response.status_code == 404
        assert "Mia" not in response.content.decode()
    second.refresh_from_db()
    assert second.receipt_confirmed_at is None
    assert not second.accesses.exists()


def test_the_guardian_is_told_the_first_time_the_link_is_opened(client, shared, guardian):
    from portal.notifications.models import Notification

    _, path = shared
    client.get(path, follow=True)
    client.get(path, follow=True)
    told = Notification.objects.filter(recipient=guardian, kind="share_opened")
    assert told.exists()
    assert told.values("dedupe_key").distinct().count() == 1


def test_guardian_and_signer_are_told_of_the_receipt(client, shared, guardian, psychologist):
    from portal.notifications.models import Notification

    _, path = shared
    client.post(letter_page(client, path), {"name": "Carmen Díaz", "note": ""})
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


def test_behind_a_proxy_a_guesser_limits_only_their_own_misses(client, settings, shared):
    settings.TRUSTED_PROXY_COUNT = 1
    _, path = shared
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for attempt in range(guessing.LIMITS["share"] + 2):
        client.get(
            f"/share/guess-{attempt}-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    guess = "/share/another-guess-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"
    assert client.get(guess, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429
    assert client.get(guess, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 404
    assert client.get(path, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302
    assert client.get(path, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 302


def test_no_route_serves_stored_files_whatever_the_mode(client, settings, shared):
    letter = Letter.objects.exclude(pdf="").first()
    for path in (f"/media/{letter.pdf.name}", f"/{letter.pdf.name}"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404
    assert str(settings.MEDIA_ROOT) not in str(settings.STATIC_ROOT)
