"""Notifications and preferences through the API: always one's own, never anyone else's."""

from tests.api.conftest import url


def test_a_guardian_lists_and_reads_their_own_notifications(
    api_as, guardian, student, notify_about
):
    notification = notify_about(guardian, student)
    client = api_as(guardian)

    listed = client.get(url("notifications/")).json()
    assert [row["id"] for row in listed["results"]] == [notification.pk]
    assert listed["results"][0]["is_unread"] is True
    assert listed["results"][0]["url"].endswith(f"/students/{student.pk}/plan/")
    assert client.get(url("notifications/unread-count/")).json() == {"unread": 1}

    read = client.post(url(f"notifications/{notification.pk}/read/"))
    assert read.status_code == 200
    assert read.json()["is_unread"] is False
    assert client.get(url("notifications/?unread=true")).json()["results"] == []
    assert client.get(url("notifications/unread-count/")).json() == {"unread": 0}


def test_marking_all_read_says_how_many_were_unread(api_as, guardian, student, notify_about):
    notify_about(guardian, student, key="one")
    notify_about(guardian, student, key="two")
    client = api_as(guardian)
    assert client.post(url("notifications/read-all/")).json() == {"marked": 2}
    assert client.post(url("notifications/read-all/")).json() == {"marked": 0}


def test_someone_elses_notification_is_404_and_stays_unread(
    api_as, guardian, student, notify_about, nurse, psychologist, other_guardian
):
    notification = notify_about(guardian, student)
    for other in (nurse, psychologist, other_guardian):
        client = api_as(other)
        assert client.get(url(f"notifications/{notification.pk}/")).status_code == 404
        assert client.post(url(f"notifications/{notification.pk}/read/")).status_code == 404
        assert client.get(url("notifications/")).json()["results"] == []
    notification.refresh_from_db()
    assert notification.read_at is None


def test_preferences_show_the_kinds_a_guardian_receives_and_save_a_change(api_as, guardian):
    client = api_as(guardian)
    current = client.get(url("notifications/preferences/")).json()
    assert "plan_published" in current["frequencies"]
    assert "plan_question" not in current["frequencies"]  # school staff ask; the care team hears

    changed = client.patch(
        url("notifications/preferences/"),
        {
            "frequencies": {"plan_published": "daily"},
            "quiet_start": "21:00",
            "quiet_end": "07:00",
            "time_zone": "America/Chicago",
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["frequencies"]["plan_published"] == "daily"
    assert body["quiet_start"] == "21:00"
    assert body["time_zone"] == "America/Chicago"
    guardian.refresh_from_db()
    assert guardian.time_zone == "America/Chicago"


def test_preferences_refuse_a_kind_one_does_not_receive_and_half_quiet_hours(api_as, guardian):
    client = api_as(guardian)
    response = client.patch(
        url("notifications/preferences/"), {"frequencies": {"plan_question": "off"}}, format="json"
    )
    assert response.status_code == 400
    assert "frequencies" in response.json()["field_errors"]

    response = client.patch(
        url("notifications/preferences/"), {"quiet_start": "21:00"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field_errors"] == {
        "quiet_end": ["Give both a start and an end for quiet hours, or neither."]
    }

    response = client.patch(
        url("notifications/preferences/"), {"time_zone": "x" * 500}, format="json"
    )
    assert response.status_code == 400
