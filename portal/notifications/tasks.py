"""Celery entry points of the notifications app: thin, by id, safe to run twice.

Deliveries retry with backoff on mail-server errors only (smtplib.SMTPException and the
OSError of a refused or broken connection); everything else is recorded on the row. The
scheduled tasks are run by beat from the database schedule (see schedules.py).
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from portal.notifications import services

logger = logging.getLogger(__name__)

MAIL_SERVER_ERRORS = (SMTPException, OSError)
RETRY_OPTIONS = {
    "autoretry_for": MAIL_SERVER_ERRORS,
    "retry_backoff": settings.NOTIFICATIONS_RETRY_BACKOFF_SECONDS,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def _wait_for_other_attempt(task, report: services.DeliveryReport) -> None:
    # Another attempt holds the claim (most often one whose worker just died); try again once
    # its lease has run out rather than dropping the message.
    if report.busy_until is not None:
        countdown = max((report.busy_until - timezone.now()).total_seconds(), 0) + 1
        raise task.retry(countdown=countdown)


@shared_task(bind=True, name="notifications.send_notification", **RETRY_OPTIONS)
def send_notification(self, notification_id: int) -> None:
    report = services.deliver(notification_ids=[notification_id])
    _wait_for_other_attempt(self, report)


@shared_task(bind=True, name="notifications.send_notifications", **RETRY_OPTIONS)
def send_notifications(self, notification_ids: list[int]) -> None:
    report = services.deliver(notification_ids=notification_ids)
    _wait_for_other_attempt(self, report)


@shared_task(name="notifications.send_due_notifications")
def send_due_notifications() -> None:
    queued = services.queue_overdue()
    if queued:
        logger.info("queued %s overdue notifications again", queued)


@shared_task(name="notifications.queue_digests")
def queue_digests() -> None:
    services.queue_digests()


@shared_task(name="notifications.remind_checkins")
def remind_checkins() -> None:
    services.remind_checkins()


@shared_task(name="notifications.remind_acknowledgements")
def remind_acknowledgements() -> None:
    services.remind_acknowledgements()


@shared_task(name="notifications.remind_plan_reviews")
def remind_plan_reviews() -> None:
    services.remind_plan_reviews()


@shared_task(name="notifications.notice_expiring_access")
def notice_expiring_access() -> None:
    services.notice_expiring_access()
