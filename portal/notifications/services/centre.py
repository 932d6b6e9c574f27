"""Reading notifications in the portal."""

from django.utils import timezone

from portal.notifications.models import Channel, Notification


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
