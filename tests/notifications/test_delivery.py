"""Sending one e-mail from the outbox: claim, send, mark sent, and what happens when it fails."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from accommodations.models import Release
from portal.notifications import services, tasks
from portal.notifications.kinds import Kind
from portal.notifications.models import Channel, DeliverySchedule, Notification, Status
from portal.notifications.services.outbox import notify
from tests.live.smtp import free_port
from tests.notifications.mailbox import email_rows, emails_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def tell(committed, student):
    """Send one plan-published message to these people, as an event would."""

    def send(*people, kind=Kind.PLAN_PUBLISHED, key="plan_published:test"):
        with committed():
            notify(
                kind=kind,
                recipients=people,
                key=key,
                student=student,
                params={"student": "Mia", "version": 2},
                url=f"/students/{student.pk}/plan/",
            )
        return Notification.objects.filter(channel=Channel.EMAIL, dedupe_key__startswith=key)

    return send


def test_a_second_run_of_the_same_send_sends_nothing(tell, nurse):
    row = tell(nurse).get()
    assert len(mail.outbox) == 1

    tasks.send_notification(row.pk)
    tasks.send_notifications([row.pk, row.pk])

    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


def test_a_send_claimed_by_an_attempt_still_in_progress_waits_for_its_lease(nurse, student):
    now = timezone.now()
    row = Notification.objects.create(
        recipient=nurse,
        kind=Kind.PLAN_PUBLISHED,
        channel=Channel.EMAIL,
        dedupe_key="plan_published:claimed",
        student=student,
        params={"student": "Mia", "version": 2},
        status=Status.SENDING,
        claimed_until=now + timedelta(minutes=2),
        attempts=1,
    )

    report = services.deliver(notification_ids=[row.pk])

    assert report.busy_until == row.claimed_until
    assert mail.outbox == []

    Notification.objects.filter(pk=row.pk).update(claimed_until=now - timedelta(seconds=1))
    report = services.deliver(notification_ids=[row.pk])

    assert report.sent == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_a_refused_connection_puts_the_email_back_for_a_later_attempt(settings, nurse, student):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        free_port(),
        False,
    )
    row = notify_later(nurse, student)

    with pytest.raises(OSError):
        services.deliver(notification_ids=[row.pk])

    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert row.attempts == 1
    assert "refused" in row.last_error.lower()
    assert row.next_attempt_at > timezone.now()
    assert row.claim_token is None


def test_a_permanent_refusal_marks_the_email_failed_and_is_not_retried(
    smtp_backend, nurse, student
):
    smtp_backend.refusal = "550 5.1.1 No such mailbox here"
    row = notify_later(nurse, student)

    report = services.deliver(notification_ids=[row.pk])

    assert report.failed == 1
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "No such mailbox" in row.last_error
    assert smtp_backend.received() == []


def test_an_email_that_keeps_failing_is_marked_failed_after_the_last_attempt(
    settings, nurse, student
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        free_port(),
        False,
    )
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    row = notify_later(nurse, student)

    for _ in range(2):
        with pytest.raises(OSError):
            services.deliver(notification_ids=[row.pk])

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 2)


def notify_later(user, student):
    """A pending e-mail row, written without queueing it."""
    return Notification.objects.create(
        recipient=user,
        kind=Kind.PLAN_PUBLISHED,
        channel=Channel.EMAIL,
        dedupe_key=f"plan_published:later:u{user.pk}",
        student=student,
        params={"student": "Mia", "version": 2},
        url=f"/students/{student.pk}/plan/",
        status=Status.PENDING,
        next_attempt_at=timezone.now(),
    )


def test_the_email_has_text_and_html_parts_a_preferences_link_and_no_health_detail(
    smtp_backend, publish, student, psychologist, nurse
):
    publish(by=psychologist, student=student)

    message = next(m for m in smtp_backend.received() if m["To"] == nurse.email)
    assert message.get_content_type() == "multipart/alternative"
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.get_payload()
    }
    assert set(parts) == {"text/plain", "text/html"}
    for body in parts.values():
        assert f"http://127.0.0.1:8000/students/{student.pk}/plan/" in body
        assert "http://127.0.0.1:8000/notifications/preferences/" in body
        assert "Rest in the health office" not in body
        assert "Example" not in body  # the family name stays in the portal
    assert message["Subject"] == "There is an update about Mia in the portal"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"] is None


def test_every_attempt_of_one_notification_carries_the_same_message_id(
    smtp_backend, nurse, student
):
    row = notify_later(nurse, student)
    services.deliver(notification_ids=[row.pk])
    Notification.objects.filter(pk=row.pk).update(status=Status.PENDING)
    services.deliver(notification_ids=[row.pk])

    first, second = smtp_backend.received()
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].startswith(f"<notification-{row.pk}.")


def quiet_around_now(user):
    local = timezone.now().astimezone(ZoneInfo(user.time_zone))
    return DeliverySchedule.objects.create(
        user=user,
        quiet_start=(local - timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_end=(local + timedelta(hours=1)).time().replace(second=0, microsecond=0),
    )


def test_quiet_hours_hold_an_instant_email_until_they_end(tell, committed, nurse):
    schedule = quiet_around_now(nurse)

    row = tell(nurse).get()

    assert mail.outbox == []
    assert row.status == Status.PENDING
    local_end = row.next_attempt_at.astimezone(ZoneInfo(nurse.time_zone))
    assert local_end.time() == schedule.quiet_end
    assert services.queue_overdue(now=timezone.now()) == 0

    with committed():
        assert services.queue_overdue(now=row.next_attempt_at + timedelta(seconds=1)) == 1

    assert len(emails_to(nurse)) == 1


def test_a_safety_notice_ignores_quiet_hours(tell, nurse):
    quiet_around_now(nurse)

    tell(nurse, kind=Kind.DEVICE_CARD_CHANGED, key="device_card:test")

    assert len(emails_to(nurse)) == 1


def test_an_email_to_someone_who_lost_access_meanwhile_is_not_sent(nurse, student):
    row = notify_later(nurse, student)
    Release.objects.filter(student=student).update(revoked_at=timezone.now())

    services.deliver(notification_ids=[row.pk])

    row.refresh_from_db()
    assert row.status == Status.SKIPPED
    assert mail.outbox == []


def test_the_sweep_queues_again_an_email_whose_task_was_lost_but_not_a_fresh_one(
    django_capture_on_commit_callbacks, nurse, guardian, student
):
    lost = notify_later(nurse, student)
    fresh = notify_later(guardian, student)
    now = timezone.now()
    Notification.objects.filter(pk=lost.pk).update(queued_at=now - timedelta(minutes=10))
    Notification.objects.filter(pk=fresh.pk).update(queued_at=now - timedelta(seconds=30))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_overdue(now=now) == 1

    assert len(emails_to(nurse)) == 1
    assert emails_to(guardian) == []
    assert email_rows(guardian).get().status == Status.PENDING


def test_the_sweep_queues_again_a_send_whose_worker_died_after_its_lease(
    django_capture_on_commit_callbacks, nurse, student
):
    row = notify_later(nurse, student)
    Notification.objects.filter(pk=row.pk).update(
        status=Status.SENDING, claimed_until=timezone.now() - timedelta(seconds=5), attempts=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.queue_overdue()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(emails_to(nurse)) == 1
