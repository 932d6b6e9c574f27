"""The implanted-device emergency card: readable by every reader of the plan, edited by the team."""

import pytest
from django.urls import reverse

from accommodations.models import Release, Student
from portal.audit.models import AuditEvent


@pytest.fixture
def pump(student):
    Student.objects.filter(pk=student.pk).update(
        device_type=Student.Device.INTRATHECAL_PUMP,
        device_description="Programmable pump, left abdomen",
        device_emergency_contacts="Pain clinic on call: 555-0100 (24 h)\nDr. Lee (555) 555-0111",
        device_warning_signs="Pump alarm beeping\nNew weakness in the legs",
        device_emergency_steps="Call 911\nCall the pain clinic\nKeep the student lying down",
        device_do_nots="Do not press on the pump site",
    )
    student.refresh_from_db()
    return student


def card(student):
    return reverse("accommodations:device_card", args=[student.pk])


def edit(student):
    return reverse("accommodations:device_card_edit", args=[student.pk])


CARD = {
    "device_type": "spinal_cord_stimulator",
    "device_description": "Stimulator, lower back",
    "device_emergency_contacts": "Clinic: 555-0100",
    "device_warning_signs": "Sudden shocks",
    "device_emergency_steps": "Turn the stimulator off with the remote\nCall the family",
    "device_do_nots": "",
}


def test_every_outsider_gets_404(client_of, pump, outsiders):
    for who, user in outsiders.items():
        client = client_of(user)
        assert client.get(card(pump)).status_code == 404, who
        assert client.get(edit(pump)).status_code == 404, who
        assert client.post(edit(pump), CARD).status_code == 404, who


@pytest.mark.parametrize("reader", ["psychologist", "guardian", "nurse"])
def test_every_reader_of_the_plan_sees_the_steps_in_order(client_of, pump, reader, request):
    page = client_of(request.getfixturevalue(reader)).get(card(pump)).content.decode()

    assert "emergency-card" in page
    assert page.index("Call 911") < page.index("Call the pain clinic") < page.index("lying down")
    assert "Do not press on the pump site" in page
    assert AuditEvent.objects.filter(action="device_card.viewed").exists()


def test_school_staff_without_a_plan_release_cannot_open_it(client_of, pump, nurse):
    Release.objects.filter(student=pump).update(scope_plan=False)

    assert client_of(nurse).get(card(pump)).status_code == 404


@pytest.mark.parametrize("reader", ["guardian", "nurse"])
def test_only_the_care_team_edits_the_card(client_of, pump, reader, request):
    client = client_of(request.getfixturevalue(reader))

    assert client.get(edit(pump)).status_code == 404
    assert client.post(edit(pump), CARD).status_code == 404
    pump.refresh_from_db()
    assert pump.device_type == Student.Device.INTRATHECAL_PUMP


def test_the_care_team_updates_the_card(client_of, psychologist, pump):
    response = client_of(psychologist).post(edit(pump), CARD)

    assert response.status_code == 302
    pump.refresh_from_db()
    assert pump.device_type == "spinal_cord_stimulator"
    assert pump.device_card_updated_at is not None
    assert AuditEvent.objects.filter(action="device_card.updated").count() == 1


def test_a_device_card_needs_steps_and_someone_to_call(client_of, psychologist, pump):
    response = client_of(psychologist).post(
        edit(pump), {**CARD, "device_emergency_steps": "", "device_emergency_contacts": ""}
    )

    assert response.status_code == 400
    pump.refresh_from_db()
    assert pump.device_type == Student.Device.INTRATHECAL_PUMP


def test_a_student_without_a_device_gets_a_plain_message(client_of, psychologist, student):
    page = client_of(psychologist).get(card(student)).content.decode()

    assert "no implanted device on record" in page
    assert "Record a device" in page


def test_phone_numbers_on_the_card_can_be_called_from_a_phone(client_of, nurse, pump):
    page = client_of(nurse).get(card(pump)).content.decode()

    assert '<a href="tel:5550100">555-0100</a> (24 h)' in page
    assert '<a href="tel:5555550111">(555) 555-0111</a>' in page


def test_the_service_refuses_a_device_card_without_who_to_call_for_every_caller(
    psychologist, student
):
    from accommodations import selectors, services

    access = selectors.access_for(user=psychologist, student=student)
    with pytest.raises(services.ServiceError) as refused:
        services.update_device_card(
            access=access,
            device_type="intrathecal_pump",
            device_emergency_steps="Call the clinic.",
            device_emergency_contacts="",
        )
    assert refused.value.field == "device_emergency_contacts"
    student.refresh_from_db()
    assert student.device_type == "none"
