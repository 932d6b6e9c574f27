"""The notification centre, the preferences page and unsubscribing, as people use them."""

import pytest
from django.test import Client

from portal.notifications.kinds import Frequency, Kind
from portal.notifications.models import (
    Channel,
    DeliverySchedule,
    Notification,
    NotificationPreference,
    Status,
)
from portal.notifications.services.preferences import unsubscribe_token
from tests.notifications.test_digests import preferences_form_data

pytestmark = pytest.mark.django_db


def in_app_notification(user, student, *, kind=Kind.PLAN_PUBLISHED, key="plan_published:p1"):
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        channel=Channel.IN_APP,
        dedupe_key=f"{key}:u{user.pk}",
        student=student,
        params={"student": "Mia", "version": 3},
        url=f"/students/{student.pk}/plan/",
        status=Status.SENT,
    )


def test_the_centre_lists_my_notifications_and_the_header_counts_the_unread(
    client_of, student, nurse, guardian
):
    in_app_notification(nurse, student)
    in_app_notification(guardian, student, key="note_shared:n1", kind=Kind.NOTE_SHARED)

    page = client_of(nurse).get("/notifications/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "A new accommodation plan for Mia is ready to read (version 3)." in html
    assert "shared a note" not in html
    assert page.context["unread_notification_count"] == 1


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client_of, student, nurse):
    notification = in_app_notification(nurse, student)

    response = client_of(nurse).get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/students/{student.pk}/plan/"
    notification.refresh_from_db()
    assert not notification.is_unread


def test_marking_one_and_all_as_read(client_of, student, nurse):
    first = in_app_notification(nurse, student, key="a")
    second = in_app_notification(nurse, student, key="b")
    third = in_app_notification(nurse, student, key="c")
    client = client_of(nurse)

    client.post(f"/notifications/{first.pk}/read/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_unread, second.is_unread) == (False, True)

    unread = client.get("/notifications/?show=unread").content.decode()
    assert f"/notifications/{first.pk}/read/" not in unread
    assert f"/notifications/{second.pk}/read/" in unread

    response = client.post("/notifications/read-all/", follow=True)
    assert response.context["unread_notification_count"] == 0
    third.refresh_from_db()
    assert not third.is_unread


def test_someone_elses_notification_answers_404_and_stays_unread(
    client_of, student, nurse, guardian
):
    theirs = in_app_notification(guardian, student)
    client = client_of(nurse)

    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")

    theirs.refresh_from_db()
    assert theirs.is_unread


def test_signed_out_visitors_are_sent_to_sign_in(client, student, nurse):
    notification = in_app_notification(nurse, student)
    for path in (
        "/notifications/",
        "/notifications/preferences/",
        f"/notifications/{notification.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_preferences_page_offers_the_kinds_a_person_receives(client_of, nurse, psychologist):
    nurse_page = client_of(nurse).get("/notifications/preferences/").content.decode()
    assert "A new plan version is published" in nurse_page
    assert "A family sends a weekly update" not in nurse_page
    assert "An emergency card changes" in nurse_page  # listed as always sent

    psychologist_page = client_of(psychologist).get("/notifications/preferences/").content.decode()
    assert "A family sends a weekly update" in psychologist_page
    assert 'name="frequency_device_card_changed"' not in psychologist_page


def test_saving_preferences_changes_only_my_own(client_of, nurse, guardian):
    NotificationPreference.objects.create(
        user=guardian, kind=Kind.PLAN_PUBLISHED, frequency=Frequency.DAILY
    )

    page = client_of(nurse).get("/notifications/preferences/")
    assert page.context["form"].initial["frequency_plan_published"] == Frequency.INSTANT

    response = client_of(nurse).post(
        "/notifications/preferences/",
        preferences_form_data(
            nurse,
            frequency_plan_published="weekly",
            digest_hour=18,
            weekly_day=4,
            quiet_start="21:00",
            quiet_end="07:00",
            time_zone="America/Chicago",
            language="es",
            frequency_device_card_changed="off",
        ),
    )

    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=nurse, kind=Kind.PLAN_PUBLISHED).frequency
        == "weekly"
    )
    assert not NotificationPreference.objects.filter(kind=Kind.DEVICE_CARD_CHANGED).exists()
    schedule = DeliverySchedule.objects.get(user=nurse)
    assert (schedule.digest_hour, schedule.weekly_day) == (18, 4)
    assert str(schedule.quiet_start) == "21:00:00"
    nurse.refresh_from_db()
    assert (nurse.time_zone, nurse.language) == ("America/Chicago", "es")
    assert NotificationPreference.objects.get(user=guardian).frequency == Frequency.DAILY
    assert not DeliverySchedule.objects.filter(user=guardian).exists()


def test_quiet_hours_need_both_ends_and_a_bad_form_saves_nothing(client_of, nurse):
    response = client_of(nurse).post(
        "/notifications/preferences/",
        preferences_form_data(nurse, quiet_start="21:00", frequency_plan_published="daily"),
    )

    assert response.status_code == 200
    assert "Give both a start and an end for quiet hours" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not DeliverySchedule.objects.exists()


def test_an_unsubscribe_link_asks_first_and_unsubscribes_on_confirmation(client, nurse, guardian):
    NotificationPreference.objects.create(user=nurse, kind=Kind.PLAN_PUBLISHED, frequency="weekly")
    NotificationPreference.objects.create(
        user=guardian, kind=Kind.PLAN_PUBLISHED, frequency="weekly"
    )
    path = f"/notifications/unsubscribe/{unsubscribe_token(user=nurse, frequency='weekly')}/"

    assert client.get(path).status_code == 200
    assert NotificationPreference.objects.get(user=nurse).frequency == "weekly"

    response = client.post(path)

    assert response.status_code == 200
    assert "no longer receive the weekly summary" in response.content.decode()
    assert NotificationPreference.objects.get(user=nurse).frequency == Frequency.OFF
    assert NotificationPreference.objects.get(user=guardian).frequency == "weekly"


def test_one_click_unsubscribe_works_from_a_mail_client_without_a_session(nurse):
    NotificationPreference.objects.create(user=nurse, kind=Kind.PLAN_PUBLISHED, frequency="daily")
    mail_client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(user=nurse, frequency="daily")

    response = mail_client.post(
        f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    turned_off = NotificationPreference.objects.filter(user=nurse, frequency=Frequency.OFF)
    assert set(turned_off.values_list("kind", flat=True)) >= {Kind.PLAN_PUBLISHED}


def test_a_forged_or_altered_unsubscribe_token_changes_nobody(client, nurse, guardian):
    NotificationPreference.objects.create(
        user=guardian, kind=Kind.PLAN_PUBLISHED, frequency="daily"
    )
    token = unsubscribe_token(user=nurse, frequency="daily")
    altered = token.replace(token[2], "A" if token[2] != "A" else "B", 1)

    for bad in (altered, "not-a-token", token + "x"):
        assert client.post(f"/notifications/unsubscribe/{bad}/").status_code == 404
    assert NotificationPreference.objects.get(user=guardian).frequency == "daily"
