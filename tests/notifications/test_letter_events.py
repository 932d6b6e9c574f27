"""Messages about letters: a signed letter to the guardians, an opened link and a confirmed
receipt to the guardian who shared it (and, for receipts, the signing psychologist)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accommodations import selectors
from letters.models import Letter, LetterShare
from portal.notifications import events
from portal.notifications.kinds import Kind
from tests.notifications.mailbox import emails_to, in_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_letter(student, psychologist):
    return Letter.objects.create(
        student=student,
        kind="accommodation",
        plan=selectors.current_published_plan(student),
        recipient_name="Ms. Lan Nguyen",
        subject="School accommodations for Mia",
        body="Mia needs rest breaks.",
        status=Letter.Status.SIGNED,
        created_by=psychologist,
        signed_by=psychologist,
        signed_at=timezone.now(),
        verification_code="ABCD-EFGH-JKLM",
        pdf="letters/test.pdf",
        pdf_sha256="0" * 64,
    )


@pytest.fixture
def share(signed_letter, guardian):
    return LetterShare.objects.create(
        letter=signed_letter,
        created_by=guardian,
        recipient_name="Ms. Lan Nguyen",
        recipient_email="lan.nguyen@maplegrove.example",
        recipient_role="School nurse",
        token_hash="f" * 64,
        expires_at=timezone.now() + timedelta(days=14),
    )


def test_a_signed_letter_is_announced_to_the_guardians_only(
    committed, signed_letter, student, psychologist, guardian, nurse
):
    with committed():
        events.letter_signed(signed_letter)

    notification = in_app(guardian).get()
    assert notification.kind == Kind.LETTER_SIGNED
    assert notification.url == f"/students/{student.pk}/letters/{signed_letter.pk}/"
    assert not in_app(psychologist).exists()
    assert not in_app(nurse).exists()
    assert "rest breaks" not in emails_to(guardian)[0].body


def test_the_guardian_is_told_the_first_time_the_recipient_opens_the_link(
    committed, share, guardian
):
    with committed():
        events.share_opened(share, first_time=True)
        events.share_opened(share, first_time=False)
        events.share_opened(share)

    notification = in_app(guardian).get()
    assert notification.kind == Kind.SHARE_OPENED
    assert "Ms. Lan Nguyen opened the letter about Mia" in notification.title


def test_a_confirmed_receipt_reaches_the_guardian_and_the_signing_psychologist(
    committed, share, guardian, psychologist, nurse
):
    with committed():
        events.share_receipt_confirmed(share)
        events.receipt_confirmed(share)

    assert in_app(guardian).get().kind == Kind.SHARE_RECEIPT_CONFIRMED
    assert in_app(psychologist).get().kind == Kind.SHARE_RECEIPT_CONFIRMED
    assert not in_app(nurse).exists()
    assert len(emails_to(psychologist)) == 1
