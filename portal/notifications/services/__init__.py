"""Every write of the notifications app: the outbox, delivery, summaries, preferences and the
scheduled reminders. Pages, tasks and other apps' events call these, never the models."""

from portal.notifications.services.centre import mark_all_read, mark_done, mark_read
from portal.notifications.services.delivery import DeliveryReport, deliver
from portal.notifications.services.digests import queue_digests
from portal.notifications.services.outbox import notify, queue_overdue
from portal.notifications.services.preferences import (
    PreferenceError,
    unsubscribe_from_digest,
    update_preferences,
)
from portal.notifications.services.reminders import (
    notice_expiring_access,
    remind_acknowledgements,
    remind_checkins,
    remind_plan_reviews,
)

__all__ = [
    "DeliveryReport",
    "PreferenceError",
    "deliver",
    "mark_all_read",
    "mark_done",
    "mark_read",
    "notice_expiring_access",
    "notify",
    "queue_digests",
    "queue_overdue",
    "remind_acknowledgements",
    "remind_checkins",
    "remind_plan_reviews",
    "unsubscribe_from_digest",
    "update_preferences",
]
