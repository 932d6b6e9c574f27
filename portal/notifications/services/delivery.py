"""Sending e-mail notifications from the outbox: claim, send, mark sent."""

import logging
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from accommodations.selectors import students_visible_to
from portal.notifications import emails
from portal.notifications.kinds import Kind, info
from portal.notifications.models import Channel, Notification, Status
from portal.notifications.services import digests

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    """How long a claim protects a send in progress; longer than any one SMTP conversation."""
    return timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)


def max_attempts() -> int:
    return settings.NOTIFICATIONS_MAX_ATTEMPTS


def backoff(attempts: int) -> timedelta:
    base = settings.NOTIFICATIONS_RETRY_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


@dataclass
class DeliveryReport:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    busy_until: datetime | None = None
    """Set when a row is claimed by another attempt whose lease has not run out yet."""


def deliver(*, notification_ids: Sequence[int]) -> DeliveryReport:
    """Send each pending e-mail notification once: claim it, send it, mark it sent.

    Idempotent: a row already sent, skipped, failed or held is left alone, so a second run
    of the same task (a retry, a redelivery after a worker died, the outbox sweep) sends
    nothing again. Raises smtplib.SMTPException or OSError when the mail server fails for a
    while, after putting the row back to pending with a later attempt time; a permanent
    refusal (5xx) marks the row failed instead and raises nothing.

    Why claim → send → mark sent, and what a redelivery does with a row that says "sending":
    the claim is a conditional UPDATE (pending → sending, with a lease and a token; one
    UPDATE for the whole batch) that commits before the first byte goes to the mail server,
    so two workers never send the same row at the same time, and a row is sent only while
    its lease has time left. "Sent" is committed right after the server accepts the
    message and before the SMTP connection is closed, so a worker killed during QUIT, or
    after the task body but before the broker acknowledgement, leaves a row that says
    "sent", and the redelivered task sends nothing. A row that still says "sending" means
    the attempt that claimed it died before it could record the result: most often before
    the server accepted the message (the death in the middle of a send), so once its lease
    runs out a new attempt claims it again and sends it; until then the task waits. The only
    crash that can still repeat an e-mail is one in the instant between the server's "250
    OK" and the commit of "sent"; each notification keeps one Message-ID across attempts so
    mail systems can fold that rare repeat into one message. We prefer that to losing a
    reminder for good, which the other choice (never resend a "sending" row) would do.
    """
    report = DeliveryReport()
    ids = list(dict.fromkeys(notification_ids))
    token = uuid.uuid4()
    now = timezone.now()
    until = now + lease()
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(pk__in=ids, channel=Channel.EMAIL)
            .filter(Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_until__lt=now))
            .update(
                status=Status.SENDING,
                claim_token=token,
                claimed_until=until,
                attempts=F("attempts") + 1,
            )
        )
        if claimed:
            digests.attach_items(claim_token=token)
    if claimed < len(ids):
        report.busy_until = (
            Notification.objects.filter(pk__in=ids, status=Status.SENDING, claimed_until__gte=now)
            .exclude(claim_token=token)
            .aggregate(until=Max("claimed_until"))["until"]
        )
    if not claimed:
        return report
    rows = list(
        Notification.objects.filter(claim_token=token).select_related("recipient").order_by("pk")
    )
    held = digests.held_items([row.pk for row in rows if row.kind == Kind.DIGEST])
    mailer = _Mailer()
    try:
        for position, row in enumerate(rows):
            if timezone.now() >= until - lease() / 5:
                # Too little of the lease is left to send safely: hand the rest back.
                _give_back(token, rows[position:])
                report.busy_until = timezone.now()
                break
            try:
                _deliver_claimed(row, token, mailer, report, held.get(row.pk))
            except (smtplib.SMTPException, OSError):
                _give_back(token, rows[position + 1 :])
                raise
    finally:
        mailer.close_quietly()
    return report


def _give_back(token: uuid.UUID, rows: list[Notification]) -> None:
    """Return claimed rows that were not tried to pending, as if never claimed."""
    Notification.objects.filter(pk__in=[row.pk for row in rows], claim_token=token).update(
        status=Status.PENDING,
        claim_token=None,
        claimed_until=None,
        attempts=F("attempts") - 1,
        queued_at=timezone.now(),
    )


def _deliver_claimed(
    notification: Notification,
    token: uuid.UUID,
    mailer: "_Mailer",
    report: DeliveryReport,
    held: list[Notification] | None,
) -> None:
    """Send one claimed row; `held` are a summary's attached messages (None for a single
    message)."""
    mine = Notification.objects.filter(pk=notification.pk, claim_token=token)
    reason = _reason_not_to_send(notification)
    items = None
    if reason is None and held is not None:
        items = digests.readable(notification, held)
        if not items:
            reason = "nothing left to summarise"
    if reason is not None:
        with transaction.atomic():
            mine.update(status=Status.SKIPPED, last_error=reason, claimed_until=None)
            if held is not None:
                digests.drop_items(notification)
        report.skipped += 1
        return
    message = emails.build_message(notification, items=items)
    try:
        mailer.send(message)
    except (smtplib.SMTPException, OSError) as error:
        if _is_permanent(error):
            mine.update(status=Status.FAILED, last_error=_describe(error), claimed_until=None)
            report.failed += 1
            logger.warning("notification %s refused by the mail server: %s", notification.pk, error)
            return
        _release_for_retry(notification, mine, error)
        raise
    if held is not None:
        marked = digests.mark_sent(notification, token=token, items=items, held=held)
    else:
        marked = mine.update(
            status=Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )
    if not marked:
        logger.error("notification %s was sent after its claim expired", notification.pk)
    report.sent += 1


def _reason_not_to_send(notification: Notification) -> str | None:
    recipient = notification.recipient
    if not recipient.is_active:
        return "the recipient's account is inactive"
    if not recipient.email:
        return "the recipient has no e-mail address"
    if (
        notification.student_id is not None
        and info(notification.kind).requires_access
        and not students_visible_to(recipient).filter(pk=notification.student_id).exists()
    ):
        return "the recipient can no longer see this student"
    return None


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _release_for_retry(notification: Notification, mine, error: Exception) -> None:
    now = timezone.now()
    if notification.attempts >= max_attempts():
        mine.update(status=Status.FAILED, last_error=_describe(error), claimed_until=None)
        logger.error(
            "notification %s failed after %s attempts", notification.pk, notification.attempts
        )
        return
    mine.update(
        status=Status.PENDING,
        claimed_until=None,
        claim_token=None,
        last_error=_describe(error),
        next_attempt_at=now + backoff(notification.attempts),
        queued_at=now,
    )


class _Mailer:
    """One SMTP connection for a batch, opened on the first message that needs it."""

    def __init__(self):
        self.connection = None

    def send(self, message) -> None:
        if self.connection is None:
            connection = get_connection()
            connection.open()
            self.connection = connection
        message.connection = self.connection
        try:
            self.connection.send_messages([message])
        except Exception:
            self.close_quietly()
            raise

    def close_quietly(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.close()
        except Exception as error:  # the messages are already accepted and marked sent
            logger.warning("closing the mail connection failed: %s", error)
        self.connection = None
