"""Daily and weekly summaries: held back, due at each person's own time, sent once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accommodations.models import Release
from portal.notifications import services
from portal.notifications.forms import FREQUENCY_FIELD_PREFIX
from portal.notifications.kinds import Frequency, Kind, choosable_kinds_for
from portal.notifications.models import (
    Channel,
    DeliverySchedule,
    Notification,
    NotificationPreference,
    Status,
)
from portal.notifications.selectors import audiences_of
from portal.notifications.services.preferences import frequencies_for
from tests.notifications.mailbox import email_rows, emails_to

pytestmark = pytest.mark.django_db


def next_local(user, *, weekday: int, hour: int, minute: int = 5) -> datetime:
    """The next moment after now that is this weekday and time in the user's time zone."""
    zone = ZoneInfo(user.time_zone)
    local = timezone.now().astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7 or 7)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def preferences_form_data(user, **changes):
    data = {
        "digest_hour": 7,
        "weekly_day": 0,
        "quiet_start": "",
        "quiet_end": "",
        "time_zone": user.time_zone,
        "language": user.language,
    }
    for kind, frequency in frequencies_for(user).items():
        if kind in choosable_kinds_for(audiences_of(user)):
            data[FREQUENCY_FIELD_PREFIX + kind] = frequency
    return data | changes


def test_choosing_the_weekly_summary_holds_instant_email_for_the_next_weekly_digest(
    client_of, committed, publish, student, psychologist, nurse
):
    response = client_of(nurse).post(
        "/notifications/preferences/",
        preferences_form_data(nurse, **{"frequency_plan_published": "weekly"}),
    )
    assert response.status_code == 302

    publish(by=psychologist, student=student)

    assert emails_to(nurse) == []
    assert email_rows(nurse).get().status == Status.HELD
    assert Notification.objects.get(recipient=nurse, channel=Channel.IN_APP).is_unread

    with committed():
        services.queue_digests(now=next_local(nurse, weekday=0, hour=7))

    [digest] = emails_to(nurse)
    assert digest.subject == "Your weekly summary from the pain team portal"
    assert "A new accommodation plan for Mia is ready to read (version 2)." in digest.body
    html = digest.alternatives[0].content
    assert "A new accommodation plan for Mia is ready to read (version 2)." in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://127.0.0.1:8000/notifications/unsubscribe/")
    assert unsubscribe in digest.body
    item = email_rows(nurse).get(kind=Kind.PLAN_PUBLISHED)
    assert item.status == Status.DIGESTED


def held(user, student, *, count=1, frequency=Frequency.WEEKLY, kind=Kind.PLAN_PUBLISHED):
    for number in range(count):
        Notification.objects.create(
            recipient=user,
            kind=kind,
            channel=Channel.EMAIL,
            dedupe_key=f"held:{kind}:{user.pk}:{student.pk}:{number}:{frequency}",
            student=student,
            params={"student": student.first_name, "version": number + 1, "school": "Maple Grove"},
            url=f"/students/{student.pk}/plan/",
            frequency=frequency,
            status=Status.HELD,
        )


def test_a_summary_is_due_at_the_chosen_hour_in_the_persons_own_time_zone(
    django_capture_on_commit_callbacks, student, nurse
):
    nurse.time_zone = "Asia/Tokyo"
    nurse.save(update_fields=["time_zone"])
    DeliverySchedule.objects.create(user=nurse, digest_hour=18)
    held(nurse, student, frequency=Frequency.DAILY)
    evening = next_local(nurse, weekday=2, hour=18)

    with django_capture_on_commit_callbacks(execute=False):
        assert services.queue_digests(now=evening - timedelta(minutes=10)) == []
        assert len(services.queue_digests(now=evening)) == 1
        assert services.queue_digests(now=evening + timedelta(hours=1)) == []
        assert services.queue_digests(now=evening + timedelta(hours=4)) == []

    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.dedupe_key == f"digest:daily:u{nurse.pk}:{evening.date().isoformat()}"


def test_the_same_tick_run_twice_creates_and_sends_one_summary(committed, student, nurse):
    held(nurse, student, count=3)
    monday = next_local(nurse, weekday=0, hour=7)

    with committed():
        services.queue_digests(now=monday)
    with committed():
        services.queue_digests(now=monday + timedelta(minutes=15))

    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1
    assert len(emails_to(nurse)) == 1
    assert email_rows(nurse).filter(status=Status.DIGESTED).count() == 3


def test_a_summary_leaves_out_students_the_recipient_can_no_longer_see(
    committed, student, other_student, nurse
):
    held(nurse, student, count=2)
    held(nurse, other_student, count=1)  # never released to the nurse's school
    Release.objects.filter(student=student).update(revoked_at=timezone.now())
    held(nurse, student, kind=Kind.RELEASE_EXPIRED)

    with committed():
        services.queue_digests(now=next_local(nurse, weekday=0, hour=7))

    [digest] = emails_to(nurse)
    assert "has ended" in digest.body
    assert "ready to read" not in digest.body
    assert email_rows(nurse).filter(status=Status.SKIPPED).count() == 3


def test_the_queries_for_one_summary_do_not_grow_with_what_it_holds(
    django_capture_on_commit_callbacks, student, nurse, guardian
):
    held(nurse, student, count=1)
    held(guardian, student, count=12)

    with django_capture_on_commit_callbacks(execute=False):
        services.queue_digests(now=next_local(nurse, weekday=0, hour=7))
    queries = {}
    for digest in Notification.objects.filter(kind=Kind.DIGEST):
        with CaptureQueriesContext(connection) as captured:
            assert services.deliver(notification_ids=[digest.pk]).sent == 1
        queries[digest.recipient_id] = len(captured)

    assert queries[nurse.pk] == queries[guardian.pk]
    assert len(mail.outbox) == 2


def test_turning_a_kind_back_to_right_away_sends_what_was_held(committed, student, nurse):
    held(nurse, student, count=2)

    with committed():
        services.update_preferences(
            user=nurse,
            frequencies={Kind.PLAN_PUBLISHED: Frequency.INSTANT},
            digest_hour=7,
            weekly_day=0,
            quiet_start=None,
            quiet_end=None,
            time_zone=nurse.time_zone,
            language="en",
        )

    assert len(emails_to(nurse)) == 2
    assert set(email_rows(nurse).values_list("status", flat=True)) == {Status.SENT}


def test_turning_a_kind_off_drops_what_was_held_and_stops_new_messages(
    committed, publish, student, psychologist, nurse
):
    held(nurse, student, count=2)
    services.update_preferences(
        user=nurse,
        frequencies={Kind.PLAN_PUBLISHED: Frequency.OFF},
        digest_hour=7,
        weekly_day=0,
        quiet_start=None,
        quiet_end=None,
        time_zone=nurse.time_zone,
        language="en",
    )
    publish(by=psychologist, student=student)

    assert set(email_rows(nurse).values_list("status", flat=True)) == {Status.SKIPPED}
    assert not Notification.objects.filter(recipient=nurse, channel=Channel.IN_APP).exists()
    assert NotificationPreference.objects.get(user=nurse).frequency == Frequency.OFF
    with committed():
        assert services.queue_digests(now=next_local(nurse, weekday=0, hour=7)) == []
    assert mail.outbox[0].to != [nurse.email]
