"""Writing messages into the outbox, and handing them to the workers once they are committed."""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.notifications.kinds import DIGEST_FREQUENCIES, Frequency, info
from portal.notifications.models import (
    Channel,
    DeliverySchedule,
    Notification,
    NotificationPreference,
    Status,
)
from portal.notifications.services.timing import end_of_quiet_hours, local_zone

logger = logging.getLogger(__name__)

BATCH_SIZE = 50


def effective_frequency(kind: str, chosen: str | None) -> str:
    """What a person's choice means for one kind: safety notices are always instant."""
    kind_info = info(kind)
    if kind_info.safety:
        return Frequency.INSTANT
    return chosen or kind_info.default_frequency


def recipient_key(key: str, user_id: int) -> str:
    """The dedupe key of one person's copy of the message `key`."""
    return f"{key}:u{user_id}"


def notify(
    *,
    kind: str,
    recipients: Iterable,
    key: str,
    student=None,
    params: dict | None = None,
    url: str = "",
    exclude: Iterable = (),
    now: datetime | None = None,
) -> int:
    """Record one logical message for each recipient, in the portal and by e-mail as their
    preferences say; idempotent per (key, recipient); queues instant e-mail after commit.

    Returns how many new rows were written. Must run inside the caller's transaction when
    there is one, so a rolled-back change leaves no message and queues nothing.
    """
    now = now or timezone.now()
    excluded = {getattr(user, "pk", user) for user in exclude if user is not None}
    people = [user for user in recipients if user.pk not in excluded and user.is_active]
    if not people:
        return 0
    ids = [user.pk for user in people]
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list(
            "user_id", "frequency"
        )
    )
    schedules = {s.user_id: s for s in DeliverySchedule.objects.filter(user_id__in=ids)}
    rows = []
    for user in people:
        frequency = effective_frequency(kind, chosen.get(user.pk))
        if frequency == Frequency.OFF:
            continue
        common = {
            "recipient_id": user.pk,
            "kind": kind,
            "dedupe_key": recipient_key(key, user.pk),
            "student": student,
            "params": params or {},
            "url": url,
        }
        rows.append(
            Notification(
                **common,
                channel=Channel.IN_APP,
                status=Status.SENT,
                frequency=Frequency.INSTANT,
                sent_at=now,
            )
        )
        if not user.email:
            continue
        if frequency in DIGEST_FREQUENCIES:
            rows.append(
                Notification(
                    **common, channel=Channel.EMAIL, status=Status.HELD, frequency=frequency
                )
            )
            continue
        quiet_until = None
        if not info(kind).safety:
            quiet_until = end_of_quiet_hours(
                schedules.get(user.pk), zone=local_zone(user.time_zone), now=now
            )
        rows.append(
            Notification(
                **common,
                channel=Channel.EMAIL,
                status=Status.PENDING,
                frequency=Frequency.INSTANT,
                next_attempt_at=quiet_until or now,
            )
        )
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    queue_due(keys=[row.dedupe_key for row in rows if row.channel == Channel.EMAIL], now=now)
    return len(created)


def queue_due(*, keys: Sequence[str], now: datetime) -> list[int]:
    """Mark the due, never-queued e-mail rows with these keys as queued and send them after
    commit."""
    if not keys:
        return []
    due = Notification.objects.filter(
        channel=Channel.EMAIL,
        status=Status.PENDING,
        dedupe_key__in=keys,
        next_attempt_at__lte=now,
        queued_at__isnull=True,
    )
    ids = list(due.values_list("pk", flat=True))
    if ids:
        Notification.objects.filter(pk__in=ids).update(queued_at=now)
        send_after_commit(ids, batch_size=1)
    return ids


def send_after_commit(ids: Sequence[int], *, batch_size: int = BATCH_SIZE) -> None:
    """Queue delivery tasks for these rows once the current transaction commits (at once
    outside a transaction); nothing is queued if it rolls back."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: _publish(ids, batch_size))


def _publish(ids: list[int], batch_size: int) -> None:
    from portal.notifications import tasks

    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        try:
            if len(chunk) == 1:
                tasks.send_notification.delay(chunk[0])
            else:
                tasks.send_notifications.delay(chunk)
        except Exception:
            # The rows are committed and stay pending: the outbox sweep queues them again.
            logger.exception("could not queue notifications %s; the sweep will retry", chunk)


@transaction.atomic
def queue_overdue(
    *, now: datetime | None = None, requeue_after_seconds: int = 300, limit: int = 2000
) -> int:
    """Queue again every e-mail that is due but whose task never ran (broker lost it, quiet
    hours ended, retries ran out) and every claim whose lease expired; safe to run often."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=requeue_after_seconds)
    overdue = (
        Notification.objects.filter(channel=Channel.EMAIL)
        .filter(
            Q(status=Status.PENDING, next_attempt_at__lte=now)
            & (Q(queued_at__isnull=True) | Q(queued_at__lte=stale))
            | Q(status=Status.SENDING, claimed_until__lt=now)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(overdue)
    if ids:
        Notification.objects.filter(pk__in=ids).update(queued_at=now)
        send_after_commit(ids)
    return len(ids)
