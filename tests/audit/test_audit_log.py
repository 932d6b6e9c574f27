"""The audit log page: clinic administrators only, their clinic only, filtered and paginated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.audit.services import record_event
from tests import factories

URL = reverse("audit:events")


@pytest.fixture
def events(student, psychologist, guardian, other_clinic_clinician):
    return {
        "viewed": record_event(actor=psychologist, action="student.viewed", student=student),
        "checkin": record_event(actor=guardian, action="checkin.submitted", student=student),
        "elsewhere": record_event(actor=other_clinic_clinician, action="student.viewed"),
    }


@pytest.mark.parametrize(
    "who", ["psychologist", "guardian", "nurse", "physician_off_team", "other_clinic_clinician"]
)
def test_only_clinic_administrators_can_open_it(client_of, who, request, events):
    assert client_of(request.getfixturevalue(who)).get(URL).status_code == 404


def test_an_administrator_of_another_clinic_sees_only_their_clinics_events(
    client_of, other_clinic, events
):
    admin = factories.ClinicianFactory(organization=other_clinic, is_org_admin=True)

    shown = [event for event in client_of(admin).get(URL).context["events"]]

    assert events["elsewhere"] in shown
    assert events["viewed"] not in shown and events["checkin"] not in shown


def test_the_administrator_sees_their_clinics_events_newest_first(client_of, org_admin, events):
    response = client_of(org_admin).get(URL)

    shown = [event for event in response.context["events"]]
    assert events["elsewhere"] not in shown
    assert shown.index(events["checkin"]) < shown.index(events["viewed"])
    assert "Opened a student" in response.content.decode()


def test_it_filters_by_action_student_actor_and_dates(
    client_of, org_admin, events, student, guardian
):
    client = client_of(org_admin)

    def shown(**params):
        response = client.get(URL, params)
        assert response.status_code == 200
        return {event for event in response.context["events"]}

    assert shown(action="checkin.submitted") == {events["checkin"]}
    assert shown(actor="parent@family") == {events["checkin"]}
    assert events["viewed"] in shown(student=student.pk)
    today = timezone.localdate()
    assert events["viewed"] in shown(since=today.isoformat(), until=today.isoformat())
    assert shown(since=(today + timedelta(days=1)).isoformat()) == set()


def test_bad_filters_do_not_break_the_page(client_of, org_admin, events):
    client = client_of(org_admin)

    for params in (
        {"student": "abc"},
        {"since": "yesterday"},
        {"page": "999"},
        {"since": "2026-02-01", "until": "2026-01-01"},
    ):
        assert client.get(URL, params).status_code == 200


def test_it_is_paginated(client_of, org_admin, student, psychologist):
    for _ in range(55):
        record_event(actor=psychologist, action="student.viewed", student=student)

    client = client_of(org_admin)
    assert len(client.get(URL).context["events"]) == 50
    assert len(client.get(URL, {"page": 2}).context["events"]) >= 5


def test_the_page_never_writes_to_the_log_it_shows(client_of, org_admin, events):
    client = client_of(org_admin)
    before = AuditEvent.objects.count()
    client.get(URL)
    assert AuditEvent.objects.count() == before
