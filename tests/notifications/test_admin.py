"""The outbox in the admin, scoped to the administrator's clinic."""

import pytest

from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_clinic_administrator_sees_only_notifications_about_their_clinics_students(
    client, org_admin, student, other_clinic_clinician, nurse
):
    other_student = other_clinic_clinician.care_team_roles.get().student
    for about, key in ((student, "mine"), (other_student, "theirs")):
        Notification.objects.create(
            recipient=nurse,
            kind="plan_published",
            channel="in_app",
            dedupe_key=key,
            student=about,
            params={"student": about.first_name, "version": 1},
            status="sent",
        )
    org_admin.is_staff = True
    org_admin.save(update_fields=["is_staff"])
    client.force_login(org_admin)

    page = client.get("/admin/notifications/notification/")

    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert page.context["cl"].result_list[0].dedupe_key == "mine"
