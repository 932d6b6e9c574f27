"""What the clinic administrator is shown: sign-ins of related people, alerts, and the export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit.actions import AuditAction
from portal.audit.models import AuditEvent
from tests import factories

EVENTS = reverse("audit:events")
EXPORT = reverse("audit:export")


def fail_sign_in(client, email, times=1):
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "not-the-password"})


def shown(client):
    return list(client.get(EVENTS).context["events"])


def test_a_familys_sign_ins_and_failed_sign_ins_reach_the_clinics_administrator(
    client, client_of, guardian, org_admin, other_clinic
):
    fail_sign_in(client, guardian.email)
    client.force_login(guardian)
    elsewhere = factories.ClinicianFactory(organization=other_clinic, is_org_admin=True)

    actions = {event.action for event in shown(client_of(org_admin))}
    assert {AuditAction.SIGN_IN, AuditAction.SIGN_IN_FAILED} <= actions
    assert not any(
        event.target_id == str(guardian.pk) or event.actor_id == guardian.pk
        for event in shown(client_of(elsewhere))
    )


def test_school_staff_sign_ins_reach_the_clinics_whose_students_they_relate_to(
    client_of, nurse, org_admin
):
    client_of(nurse)  # signs in
    assert any(
        event.actor_id == nurse.pk and event.action == AuditAction.SIGN_IN
        for event in shown(client_of(org_admin))
    )


def test_a_failed_sign_in_never_keeps_the_password(client, guardian):
    fail_sign_in(client, guardian.email)

    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "not-the-password" not in str(event.extra)
    assert event.target_id == str(guardian.pk)


def test_a_burst_of_failed_sign_ins_is_one_alert_for_the_administrator(
    client, client_of, guardian, org_admin, settings
):
    settings.AUDIT_SIGN_IN_FAILURES_BURST = 3
    # allauth's own limit stops the guessing soon; the alert comes before it.
    fail_sign_in(client, guardian.email, times=4)

    alerts = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILURES_BURST)
    assert alerts.count() == 1
    response = client_of(org_admin).get(EVENTS)
    assert list(response.context["alerts"]) == [alerts.get()]
    assert "Many failed sign-ins" in response.content.decode()


def test_a_burst_of_refused_look_ups_is_an_alert_for_the_students_clinic(
    client_of, other_guardian, student, org_admin, settings
):
    settings.AUDIT_REFUSALS_BURST = 5
    client = client_of(other_guardian)
    for path in ["", "plan/", "notes/", "device-card/", "checkins/", "releases/"]:
        assert client.get(f"/students/{student.pk}/{path}").status_code == 404

    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).count() == 6
    alert = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSALS_BURST)
    assert alert.actor == other_guardian and alert.organization_id == student.organization_id
    assert alert in client_of(org_admin).get(EVENTS).context["alerts"]


def test_the_audit_page_shows_labels_and_plain_descriptions_not_codes(
    client_of, org_admin, psychologist, student
):
    client_of(psychologist).get(reverse("accommodations:device_card", args=[student.pk]))

    page = client_of(org_admin).get(EVENTS).content.decode()
    assert "Opened an emergency card" in page
    assert "contacts, warning signs and steps" in page
    assert "<code" not in page


def test_the_filter_offers_the_closed_list_of_actions(client_of, org_admin):
    form = client_of(org_admin).get(EVENTS).context["form"]
    offered = [value for value, _ in form.fields["action"].choices if value]
    assert offered == list(AuditAction.values)


def test_the_administrator_exports_a_range_for_one_student_and_the_export_is_recorded(
    client_of, org_admin, psychologist, student, other_student
):
    client_of(psychologist).get(reverse("accommodations:student", args=[student.pk]))
    client_of(psychologist).get(reverse("accommodations:student", args=[other_student.pk]))
    today = timezone.localdate()

    response = client_of(org_admin).get(
        EXPORT, {"since": today - timedelta(days=1), "until": today, "student": student.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert [row[3] for row in rows[1:]] == ["student.viewed"]  # as it was when exported
    assert {row[5] for row in rows[1:]} == {str(student.pk)}
    export = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert export.actor == org_admin and export.student == student
    assert export.extra["events"] == 1


def test_an_export_needs_a_bounded_range(client_of, org_admin):
    response = client_of(org_admin).get(EXPORT, {"since": "2020-01-01", "until": "2026-01-01"})

    assert response.status_code == 400
    assert "at most 366 days" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_EXPORTED).exists()


def test_a_spreadsheet_formula_in_a_name_is_exported_as_text(client_of, org_admin, clinic):
    sneaky = factories.ClinicianFactory(organization=clinic, email="=cmd@example.com")
    client_of(sneaky)
    today = timezone.localdate()

    response = client_of(org_admin).get(EXPORT, {"since": today, "until": today})

    body = b"".join(response.streaming_content).decode()
    assert "'=cmd@example.com" in body


@pytest.mark.parametrize("who", ["psychologist", "guardian", "nurse", "other_clinic_clinician"])
def test_only_clinic_administrators_export(client_of, request, who):
    today = timezone.localdate()
    user = request.getfixturevalue(who)
    response = client_of(user).get(EXPORT, {"since": today, "until": today})
    assert response.status_code == 404
