"""School staff acknowledge the current plan version, seeing what changed since they last read it."""

import pytest
from django.urls import reverse

from accommodations.models import Acknowledgement, Category, Implementer, SchoolStaff
from portal.audit.models import AuditEvent
from portal.notifications.kinds import Kind
from portal.notifications.models import Channel, Notification
from portal.notifications.services import notify
from tests import factories


def acknowledge_url(student):
    return reverse("accommodations:acknowledge", args=[student.pk])


def next_version(student, *, psychologist, keep=True, add=(), change_details=None):
    """Publish the next version: optionally keep the current items, add titles, change details."""
    current = student.plans.filter(status="published").order_by("-version").first()
    plan = factories.DraftPlanFactory(
        student=student, version=current.version + 1, created_by=psychologist
    )
    if keep:
        for item in current.items.all():
            factories.PlanItemFactory(
                plan=plan,
                category=item.category,
                title=item.title,
                details=change_details.get(item.title, item.details)
                if change_details
                else item.details,
                implementer=item.implementer,
            )
    for title in add:
        factories.PlanItemFactory(
            plan=plan,
            category=Category.ACADEMICS,
            title=title,
            details="Half the homework on flare days.",
            implementer=Implementer.TEACHERS,
        )
    return factories.publish(plan, by=psychologist)


def test_the_nurse_acknowledges_the_current_version_with_a_question(
    client_of, nurse, student, school
):
    plan = student.plans.get()

    response = client_of(nurse).post(
        acknowledge_url(student), {"version": plan.version, "comment": "Can she keep water?"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accommodations:my_students")
    acknowledgement = Acknowledgement.objects.get()
    assert (acknowledgement.plan, acknowledgement.user, acknowledgement.school) == (
        plan,
        nurse,
        school,
    )
    assert acknowledgement.comment == "Can she keep water?"
    assert AuditEvent.objects.filter(action="plan.acknowledged", actor=nurse).exists()


def test_the_page_shows_the_whole_plan_and_carries_the_version_shown(client_of, nurse, student):
    plan = student.plans.get()

    response = client_of(nurse).get(acknowledge_url(student))

    page = response.content.decode()
    for item in plan.items.all():
        assert item.title in page
    assert f'name="version" value="{plan.version}"' in page
    assert "first version of this plan you are asked to read" in page


def test_the_page_shows_what_changed_since_the_version_i_last_read(
    client_of, nurse, student, school, psychologist
):
    factories.AcknowledgementFactory(plan=student.plans.get(), user=nurse, school=school)
    first_title = student.plans.get().items.first().title
    next_version(
        student,
        psychologist=psychologist,
        add=["Reduced homework"],
        change_details={first_title: "Up to 20 minutes, then back to class."},
    )

    response = client_of(nurse).get(acknowledge_url(student))

    page = response.content.decode()
    assert "What changed since version 1" in page
    assert 'class="diff__added"' in page
    assert "Reduced homework" in page
    assert 'class="diff__changed"' in page
    assert "Up to 20 minutes, then back to class." in page
    assert {change.kind for change in response.context["changes"]} == {"added", "changed"}


def test_a_version_replaced_while_the_page_was_open_is_refused_and_nothing_saved(
    client_of, nurse, student, psychologist
):
    client = client_of(nurse)
    client.get(acknowledge_url(student))  # the nurse opens version 1 ...
    next_version(student, psychologist=psychologist, add=["Elevator pass"])  # ... v2 appears

    response = client.post(acknowledge_url(student), {"version": "1", "comment": ""})

    assert response.status_code == 200
    assert "Version 1 has been replaced by version 2" in response.content.decode()
    assert not Acknowledgement.objects.exists()
    assert response.context["form"]["version"].value() == 2
    assert "Elevator pass" in response.content.decode()


def test_a_double_submit_saves_one_acknowledgement(client_of, nurse, student):
    client = client_of(nurse)
    client.post(acknowledge_url(student), {"version": "1"})

    response = client.post(acknowledge_url(student), {"version": "1"})

    assert response.status_code == 200
    assert "You have already acknowledged version 1" in response.content.decode()
    assert Acknowledgement.objects.count() == 1


def test_after_acknowledging_the_page_says_so_without_a_form(client_of, nurse, student, school):
    factories.AcknowledgementFactory(plan=student.plans.get(), user=nurse, school=school)

    response = client_of(nurse).get(acknowledge_url(student))

    page = response.content.decode()
    assert "You acknowledged version 1" in page
    assert 'name="version"' not in page


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99"])
def test_a_bad_version_is_refused_without_an_error_page(client_of, nurse, student, version):
    response = client_of(nurse).post(acknowledge_url(student), {"version": version})

    assert response.status_code == 200
    assert not Acknowledgement.objects.exists()


def test_a_draft_version_cannot_be_acknowledged(client_of, nurse, student, psychologist):
    factories.DraftPlanFactory(student=student, version=2, created_by=psychologist)

    response = client_of(nurse).post(acknowledge_url(student), {"version": "2"})

    assert response.status_code == 200
    assert not Acknowledgement.objects.exists()


def test_before_any_plan_is_published_there_is_nothing_to_acknowledge(client_of, clinic, school):
    student = factories.StudentFactory(organization=clinic, school=school)
    staff = factories.SchoolStaffFactory(school=school).user
    factories.ReleaseFactory(student=student, school=school)

    response = client_of(staff).get(acknowledge_url(student))

    assert response.status_code == 200
    assert "has not published a plan yet" in response.content.decode()
    assert client_of(staff).post(acknowledge_url(student), {"version": "1"}).status_code == 200
    assert not Acknowledgement.objects.exists()


def test_acknowledging_takes_the_student_off_my_waiting_list(client_of, nurse, student):
    client = client_of(nurse)
    assert len(client.get(reverse("accommodations:my_students")).context["to_acknowledge"]) == 1

    client.post(acknowledge_url(student), {"version": "1"})

    assert client.get(reverse("accommodations:my_students")).context["to_acknowledge"] == []


def test_the_family_and_the_care_team_do_not_acknowledge(
    client_of, guardian, psychologist, student
):
    for user in (guardian, psychologist):
        assert client_of(user).get(acknowledge_url(student)).status_code == 404
        assert client_of(user).post(acknowledge_url(student), {"version": "1"}).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_staff_whose_release_does_not_cover_the_plan_get_404(client_of, guardian, student):
    school = factories.SchoolFactory()
    teacher = factories.SchoolStaffFactory(school=school, role=SchoolStaff.Role.TEACHER).user
    factories.ReleaseFactory(student=student, school=school, granted_by=guardian, scope_plan=False)

    assert client_of(teacher).get(acknowledge_url(student)).status_code == 404
    assert client_of(teacher).post(acknowledge_url(student), {"version": "1"}).status_code == 404


def test_every_outsider_gets_404(client_of, student, outsiders, org_admin):
    for label, outsider in {**outsiders, "org admin not on the team": org_admin}.items():
        client = client_of(outsider)
        assert client.get(acknowledge_url(student)).status_code == 404, label
        assert client.post(acknowledge_url(student), {"version": "1"}).status_code == 404, label
    assert not Acknowledgement.objects.exists()


def test_acknowledging_settles_the_nurses_notices_about_that_version(client_of, nurse, student):
    plan = student.plans.get()
    about_plan = {
        "student": student,
        "params": {"student": student.display_name, "version": plan.version},
        "url": "/",
    }
    notify(
        kind=Kind.PLAN_PUBLISHED, recipients=[nurse], key=f"plan_published:p{plan.pk}", **about_plan
    )
    notify(
        kind=Kind.ACK_REMINDER, recipients=[nurse], key=f"ack_reminder:p{plan.pk}:d2", **about_plan
    )
    other = factories.published_plan(student=factories.StudentFactory(), version=1)
    notify(
        kind=Kind.PLAN_PUBLISHED,
        recipients=[nurse],
        key=f"plan_published:p{other.pk}",
        **about_plan,
    )

    client_of(nurse).post(acknowledge_url(student), {"version": plan.version, "comment": ""})

    unread = Notification.objects.filter(recipient=nurse, channel=Channel.IN_APP, read_at=None)
    assert list(unread.values_list("dedupe_key", flat=True)) == [
        f"plan_published:p{other.pk}:u{nurse.pk}"
    ]
