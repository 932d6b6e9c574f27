"""Never lost, never twice: a real Celery worker process on Redis sending to a real SMTP
server on loopback, counting what arrives while things go wrong."""

import json
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from accommodations import selectors, services
from portal.notifications import tasks
from portal.notifications.kinds import Frequency, Kind
from portal.notifications.models import (
    Channel,
    DeliverySchedule,
    Notification,
    NotificationPreference,
    Status,
)
from tests import factories

pytestmark = [pytest.mark.live_worker, pytest.mark.django_db(transaction=True)]


def publish_new_version(*, by, student):
    """The psychologist publishes a new plan version; e-mail is queued when this commits."""
    access = selectors.access_for(user=by, student=student)
    with transaction.atomic():
        draft = services.start_draft(access=access)
        services.add_custom_item(
            access=access,
            plan=draft,
            category="physical_activity",
            title="Modified PE",
            details="Walking instead of running; she may stop when she needs to.",
            implementer="pe_teacher",
        )
        return services.publish_plan(
            access=access, plan=draft, review_date=timezone.localdate() + timedelta(days=60)
        )


def more_staff(school, count):
    for number in range(count):
        user = factories.UserFactory(email=f"staff{number}@maplegrove.example")
        factories.SchoolStaffFactory(user=user, school=school, role="counselor")


def emails():
    return Notification.objects.filter(channel=Channel.EMAIL)


def wait_until(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def assert_each_arrived_once(smtp_server, expected):
    counts = smtp_server.message_ids()
    assert sum(counts.values()) == expected, counts
    assert set(counts.values()) == {1}, counts
    assert set(emails().values_list("status", flat=True)) == {Status.SENT}


def test_a_worker_child_killed_in_the_middle_of_a_send_still_delivers_each_email_once(
    start_worker, smtp_server, live_broker, student, psychologist, guardian, nurse, school
):
    more_staff(school, 4)
    worker = start_worker(concurrency=2)
    smtp_server.stall_before_recipient(times=1)

    publish_new_version(by=psychologist, student=student)
    expected = emails().count()
    assert expected == 6
    assert smtp_server.stalled.wait(20), worker.log()
    killed = worker.kill_child_with_connection_from(smtp_server.stalled_peer[1])
    smtp_server.release()

    assert smtp_server.wait_for(expected, timeout=60), worker.log()
    assert live_broker.wait_until_idle(timeout=60), worker.log()
    assert killed not in [child.pid for child in worker.children()]
    assert_each_arrived_once(smtp_server, expected)
    # The interrupted e-mail was claimed a second time once its lease ran out; no other was.
    assert sorted(emails().values_list("attempts", flat=True)) == [1] * (expected - 1) + [2]


def test_a_whole_worker_killed_after_sending_but_before_acknowledging_sends_nothing_twice(
    start_worker, smtp_server, live_broker, student, psychologist, guardian, nurse
):
    first = start_worker(concurrency=1)
    smtp_server.stall_before_quit(times=1)

    publish_new_version(by=psychologist, student=student)
    expected = emails().count()
    assert expected == 2
    assert smtp_server.stalled.wait(20), first.log()
    # The server accepted the message and the row says sent, but the task has not returned:
    # the broker still holds its message, unacknowledged.
    assert len(smtp_server.received()) == 1
    assert emails().filter(status=Status.SENT).count() == 1
    held = live_broker.client.hvals(live_broker.prefix + "unacked")
    assert len(held) == 1
    task_id = json.loads(held[0])[0]["headers"]["id"]

    first.kill()
    smtp_server.release()
    second = start_worker(concurrency=1)

    assert smtp_server.wait_for(expected, timeout=60), second.log()
    assert wait_until(lambda: f"[{task_id}] received" in second.log(), timeout=60), second.log()
    assert live_broker.wait_until_idle(timeout=60), second.log()
    assert_each_arrived_once(smtp_server, expected)


def test_a_rolled_back_change_queues_nothing_and_a_committed_one_is_delivered(
    start_worker, smtp_server, live_broker, student, psychologist, guardian, nurse
):
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_new_version(by=psychologist, student=student)
        assert emails().count() == 2
        raise RuntimeError("the request failed after publishing")

    assert not Notification.objects.exists()
    assert live_broker.queued() == 0

    publish_new_version(by=psychologist, student=student)
    assert live_broker.queued() == 2
    worker = start_worker()

    assert smtp_server.wait_for(2, timeout=60), worker.log()
    assert live_broker.wait_until_idle(timeout=60), worker.log()
    assert_each_arrived_once(smtp_server, 2)


def test_email_sent_while_the_mail_server_is_down_arrives_once_after_it_comes_back(
    start_worker, smtp_server, live_broker, student, psychologist, guardian, nurse, school
):
    more_staff(school, 2)
    smtp_server.stop()
    worker = start_worker(concurrency=2)

    publish_new_version(by=psychologist, student=student)
    expected = emails().count()
    assert expected == 4
    assert wait_until(
        lambda: emails().filter(attempts__gte=2, status=Status.PENDING).count() == expected,
        timeout=45,
    ), worker.log()
    assert all(
        "Connection refused" in error for error in emails().values_list("last_error", flat=True)
    )
    assert smtp_server.received() == []

    smtp_server.start()

    assert smtp_server.wait_for(expected, timeout=90), worker.log()
    assert live_broker.wait_until_idle(timeout=90), worker.log()
    assert_each_arrived_once(smtp_server, expected)
    assert set(emails().values_list("last_error", flat=True)) == {""}


def test_the_same_beat_tick_run_twice_sends_one_digest(
    start_worker, smtp_server, live_broker, student, psychologist, guardian, nurse
):
    local = timezone.now().astimezone(ZoneInfo(nurse.time_zone))
    NotificationPreference.objects.create(
        user=nurse, kind=Kind.PLAN_PUBLISHED, frequency=Frequency.WEEKLY
    )
    DeliverySchedule.objects.create(user=nurse, digest_hour=local.hour, weekly_day=local.weekday())
    publish_new_version(by=psychologist, student=student)
    assert emails().get(recipient=nurse).status == Status.HELD
    worker = start_worker(concurrency=2)

    tasks.queue_digests.delay()
    tasks.queue_digests.delay()

    assert smtp_server.wait_for(2, timeout=60), worker.log()
    assert live_broker.wait_until_idle(timeout=60), worker.log()
    to_nurse = [m for m in smtp_server.received() if m["To"] == nurse.email]
    assert len(to_nurse) == 1
    assert to_nurse[0]["Subject"] == "Your weekly summary from the pain team portal"
    assert to_nurse[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1
    assert emails().get(recipient=nurse, kind=Kind.PLAN_PUBLISHED).status == Status.DIGESTED
    assert len(smtp_server.received()) == 2
