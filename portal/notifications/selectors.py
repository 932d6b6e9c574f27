"""Reads of the notifications app. A person sees only their own notifications and
preferences; anyone else's answer 404, exactly as if they did not exist."""

from django.db.models import QuerySet
from django.http import Http404

from accommodations.selectors import children_of
from portal.notifications.models import Channel, Notification


def unread_count(user) -> int:
    """How many of the person's notifications in the portal they have not read."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).count()


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notification centre, newest first."""
    rows = Notification.objects.filter(recipient=user, channel=Channel.IN_APP, status="sent")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def notification_of(user, notification_id: int) -> Notification:
    """One of the person's own notifications; Http404 for anyone else's."""
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


def audiences_of(user) -> set[str]:
    """The relations that decide which kinds of message a person can receive."""
    audiences = set()
    if user.care_team_roles.exists():
        audiences.add("care_team")
    if children_of(user).exists():
        audiences.add("family")
    if user.school_roles.exists():
        audiences.add("school")
    return audiences
