"""A guardian shares a signed letter by an expiring link; the recipient opens it and confirms.

The link's token is random (256 bits) and only its SHA-256 is stored. The e-mail carrying it
is queued after commit, with the token sealed so the queue never holds it in clear.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodations.selectors import StudentAccess
from letters import events
from letters.models import Letter, LetterShare, ShareAccess
from letters.services import LetterError
from portal.audit.actions import AuditAction
from portal.audit.services import client_address, record_event

DEFAULT_LIFETIME = timedelta(days=30)
LONGEST_LIFETIME = timedelta(days=365)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_path(token: str) -> str:
    return reverse("letters:share_open", args=[token])


def share_url(token: str) -> str:
    return settings.SITE_URL + share_path(token)


def _sealer() -> Fernet:
    key = hashlib.sha256(b"letters.share-email:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_token(token: str) -> str:
    return _sealer().encrypt(token.encode()).decode()


def unseal_token(sealed: str) -> str | None:
    try:
        token = _sealer().decrypt(sealed.encode(), ttl=int(LONGEST_LIFETIME.total_seconds()))
    except InvalidToken:
        return None
    return token.decode()


@dataclass(frozen=True)
class NewShare:
    share: LetterShare
    token: str  # shown once, never stored

    @property
    def url(self) -> str:
        return share_url(self.token)


@transaction.atomic
def share_letter(
    *,
    access: StudentAccess,
    letter: Letter,
    recipient_name: str,
    recipient_email: str,
    recipient_role: str,
    lifetime: timedelta = DEFAULT_LIFETIME,
    request=None,
) -> NewShare:
    """Create a share link and queue its e-mail after commit; guardians of a current letter."""
    access.require("can_share_letters")
    if letter.student_id != access.student.pk:
        raise LetterError(_("This letter belongs to another student."))
    if letter.status != Letter.Status.SIGNED:
        raise LetterError(_("Only a signed, current letter can be shared."))
    if lifetime <= timedelta(0) or lifetime > LONGEST_LIFETIME:
        raise LetterError(_("A link lasts from one day to one year."), field="days")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    share = LetterShare.objects.create(
        letter=letter,
        created_by=access.user,
        recipient_name=recipient_name.strip(),
        recipient_email=recipient_email.strip(),
        recipient_role=recipient_role.strip(),
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + lifetime,
    )
    record_event(
        actor=access.user,
        action=AuditAction.LETTER_SHARED,
        student=letter.student,
        target=share,
        request=request,
        extra={
            "letter_id": letter.pk,
            "days": lifetime.days,
            "recipient_role": share.recipient_role,
        },
    )
    from letters.tasks import send_share_email

    sealed = seal_token(token)
    transaction.on_commit(lambda: send_share_email.delay(share.pk, sealed))
    return NewShare(share=share, token=token)


@transaction.atomic
def revoke_share(*, access: StudentAccess, share: LetterShare, request=None) -> LetterShare:
    """Close a share link now; guardians of the student only; idempotent."""
    access.require("can_share_letters")
    if share.letter.student_id != access.student.pk:
        raise LetterError(_("This link belongs to another student's letter."))
    updated = LetterShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=access.user
    )
    share.refresh_from_db()
    if updated:
        record_event(
            actor=access.user,
            action=AuditAction.LETTER_SHARE_REVOKED,
            student=share.letter.student,
            target=share,
            request=request,
            extra={"letter_id": share.letter_id},
        )
    return share


def share_for_token(token: str) -> LetterShare | None:
    """The share a token names, live or not; None if no share has that token."""
    if not token or len(token) > 100:
        return None
    return (
        LetterShare.objects.select_related("letter__student__organization", "letter__signed_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def record_share_access(*, share: LetterShare, kind: str, request) -> ShareAccess:
    """Log one use of a live link (time, address, browser) in the share log and audit log."""
    first_time = kind == ShareAccess.Kind.OPENED and not share.accesses.filter(kind=kind).exists()
    access = ShareAccess.objects.create(
        share=share,
        kind=kind,
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
    )
    record_event(
        action=f"letter.share_{kind}",
        student=share.letter.student,
        target=share,
        request=request,
        extra={"letter_id": share.letter_id},
    )
    if kind == ShareAccess.Kind.OPENED:
        events.share_opened(share, first_time=first_time)
    return access


@transaction.atomic
def confirm_receipt(*, share: LetterShare, name: str, note: str, request) -> LetterShare:
    """Record the recipient's confirmation once; a second confirmation changes nothing."""
    if not share.is_live:
        raise LetterError(_("This link is no longer open."))
    if not name.strip():
        raise LetterError(_("Please give your name."), field="name")
    claimed = LetterShare.objects.filter(pk=share.pk, receipt_confirmed_at__isnull=True).update(
        receipt_confirmed_at=timezone.now(),
        receipt_name=name.strip()[:200],
        receipt_note=note.strip(),
    )
    share.refresh_from_db()
    if claimed:
        record_share_access(share=share, kind=ShareAccess.Kind.CONFIRMED, request=request)
        events.receipt_confirmed(share)
    return share
