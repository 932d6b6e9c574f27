"""The Django admin for clinic administrators: their clinic only; the audit log and published
plans cannot be changed."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accommodations.models import AccommodationTemplate
from portal.audit.models import AuditEvent
from portal.audit.services import record_event
from tests import factories


@pytest.fixture
def clinic_admin(org_admin):
    org_admin.is_staff = True
    org_admin.save(update_fields=["is_staff"])
    return org_admin


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_a_superuser_can_open_every_registered_list(client_of, student, nurse, clinic):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    record_event(actor=superuser, action="student.viewed", student=student)
    client = client_of(superuser)

    assert client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        assert client.get(changelist(model)).status_code == 200, model


def test_clinicians_without_admin_rights_cannot_open_the_admin(client_of, psychologist):
    response = client_of(psychologist).get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_clinic_administrator_sees_only_their_clinics_catalog(
    client_of, clinic_admin, clinic, other_clinic
):
    ours = factories.AccommodationTemplateFactory(organization=clinic, title="Ours")
    theirs = factories.AccommodationTemplateFactory(organization=other_clinic, title="Theirs")
    client = client_of(clinic_admin)

    page = client.get(changelist(AccommodationTemplate), {"q": ""}).content.decode()

    assert "Ours" in page and "Theirs" not in page
    assert client.get(change(ours)).status_code == 200
    assert client.get(change(theirs)).status_code == 302  # "does not exist", back to the list


def test_a_clinic_administrator_adds_a_catalog_entry_to_their_clinic(
    client_of, clinic_admin, clinic
):
    data = {
        "title": "Extra time between classes",
        "code": "extra-time-between-classes",
        "category": "mobility",
        "implementer": "all_staff",
        "default_details": "Leave 5 minutes early.",
        "rationale": "Avoids crowded hallways.",
        "is_active": "on",
    }
    client = client_of(clinic_admin)
    add = reverse("admin:accommodations_accommodationtemplate_add")

    assert client.post(add, data).status_code == 302
    assert AccommodationTemplate.objects.get(code=data["code"]).organization == clinic

    again = client.post(add, data)
    assert again.status_code == 200  # the form again, with the duplicate code explained
    assert AccommodationTemplate.objects.filter(code=data["code"]).count() == 1


def test_the_catalog_can_be_searched_and_filtered(client_of, clinic_admin, clinic):
    factories.AccommodationTemplateFactory(
        organization=clinic, title="Elevator pass", category="mobility"
    )
    factories.AccommodationTemplateFactory(
        organization=clinic, title="Rest break", category="health_office"
    )
    client = client_of(clinic_admin)

    assert (
        "Rest break"
        not in client.get(changelist(AccommodationTemplate), {"q": "elevator"}).content.decode()
    )
    filtered = client.get(changelist(AccommodationTemplate), {"category__exact": "health_office"})
    assert (
        "Rest break" in filtered.content.decode()
        and "Elevator pass" not in filtered.content.decode()
    )


def test_audit_events_cannot_be_added_changed_or_deleted(
    client_of, clinic_admin, student, psychologist
):
    event = record_event(actor=psychologist, action="student.viewed", student=student)
    client = client_of(clinic_admin)
    meta = AuditEvent._meta

    assert client.get(changelist(AuditEvent)).status_code == 200
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    assert client.post(change(event), {"action": "nothing.happened"}).status_code == 403
    delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "student.viewed"


def test_another_clinics_audit_events_are_not_listed(
    client_of, clinic_admin, other_clinic_clinician
):
    theirs = record_event(actor=other_clinic_clinician, action="student.viewed")

    response = client_of(clinic_admin).get(changelist(AuditEvent))

    assert theirs not in response.context["cl"].queryset


HEALTH_DATA_ADMIN_URLS = [
    "/admin/accommodations/student/",
    "/admin/accommodations/accommodationplan/",
    "/admin/accommodations/release/",
    "/admin/accommodations/schoolstaff/",
    "/admin/accommodations/careteammember/",
    "/admin/accommodations/carenote/",
    "/admin/accommodations/checkin/",
    "/admin/letters/letter/",
    "/admin/letters/lettershare/",
    "/admin/notifications/notification/",
]


@pytest.mark.parametrize("who", ["clinic_admin", "superuser"])
def test_the_admin_shows_no_student_health_data_to_anyone(who, request, client_of, student, nurse):
    user = (
        factories.UserFactory(is_staff=True, is_superuser=True)
        if who == "superuser"
        else request.getfixturevalue("clinic_admin")
    )
    client = client_of(user)
    for url in HEALTH_DATA_ADMIN_URLS:
        assert client.get(url).status_code == 404, url
        assert client.get(f"{url}{student.pk}/change/").status_code == 404, url
        assert client.get(f"{url}add/").status_code == 404, url
    registered = {model._meta.label for model in admin.site._registry}
    assert not registered & {
        "accommodations.Student",
        "accommodations.AccommodationPlan",
        "accommodations.Release",
        "accommodations.SchoolStaff",
        "accommodations.CareTeamMember",
        "accommodations.Guardianship",
        "letters.Letter",
        "notifications.Notification",
    }


def test_schools_can_be_looked_up_but_not_changed_in_the_admin(client_of, clinic_admin, school):
    client = client_of(clinic_admin)
    assert client.get(changelist(school)).status_code == 200
    assert client.post(change(school), {"name": "Renamed"}).status_code == 403
    school.refresh_from_db()
    assert school.name == "Maple Grove Middle School"


def test_the_admin_signs_in_through_the_portals_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
