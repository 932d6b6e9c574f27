"""Reading notifications in the portal."""

from django.db.models import Q
from django.utils import timezone

from portal.notifications.models import Channel, Notification
from portal.notifications.services.outbox import recipient_key


def mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the person's own notifications read; idempotent, and a no-op (False) for
    a notification that is not theirs."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, channel=Channel.IN_APP, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def mark_all_read(*, user) -> int:
    """Mark all of the person's notifications read; returns how many were unread."""
    return Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_done(*, user, keys: list[str], key_prefixes: tuple[str, ...] = ()) -> int:
    """Mark read the person's in-portal messages asking for what they have just done: those
    sent under one of `keys`, or under a key starting with one of `key_prefixes`."""
    about = Q(dedupe_key__in=[recipient_key(key, user.pk) for key in keys])
    for prefix in key_prefixes:
        about |= Q(dedupe_key__startswith=prefix)
    return Notification.objects.filter(
        about, recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())
