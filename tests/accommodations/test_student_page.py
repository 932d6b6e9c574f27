"""One student's overview page, adapted to who is looking."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accommodations.models import CareNote, Release, Student
from portal.audit.models import AuditEvent
from tests import factories


def url(student):
    return reverse("accommodations:student", args=[student.pk])


@pytest.fixture
def notes(student, psychologist):
    return {
        visibility: factories.CareNoteFactory(
            student=student,
            author=psychologist,
            visibility=visibility,
            body=f"Note for {visibility}",
        )
        for visibility in CareNote.Visibility.values
    }


@pytest.fixture
def checkin(student, guardian):
    return factories.CheckInFactory(
        student=student,
        submitted_by=guardian,
        pain_average=6,
        message_to_school="Please let her rest.",
    )


def test_every_outsider_gets_404(client_of, student, outsiders):
    for who, user in outsiders.items():
        response = client_of(user).get(url(student))
        assert response.status_code == 404, who


def test_an_anonymous_visitor_is_asked_to_sign_in(client, student):
    response = client.get(url(student))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_care_team_sees_profile_plan_notes_and_check_ins(
    client_of, psychologist, student, guardian, nurse, notes, checkin
):
    response = client_of(psychologist).get(url(student))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Date of birth" in page and guardian.full_name in page
    assert "Version 1" in page
    for note in notes.values():
        assert note.body in page
    assert "Weekly check-ins" in page and "6/10" in page
    assert "<polyline" not in page  # one week is not a trend
    assert nurse.full_name in page and "Needs acknowledgement" in page


def test_the_care_team_sees_who_has_acknowledged(client_of, psychologist, student, nurse, school):
    plan = student.plans.get()
    factories.AcknowledgementFactory(plan=plan, user=nurse, school=school, comment="Which door?")

    page = client_of(psychologist).get(url(student)).content.decode()

    assert "Read " in page and "Which door?" in page
    assert "Needs acknowledgement" not in page


def test_a_guardian_sees_the_plan_family_and_school_notes_and_check_ins(
    client_of, guardian, student, notes, checkin
):
    page = client_of(guardian).get(url(student)).content.decode()

    assert "Version 1" in page
    assert notes["family"].body in page and notes["school"].body in page
    assert notes["care_team"].body not in page
    assert "Weekly check-ins" in page
    assert "Who has read version" not in page
    assert "Edit the plan" not in page


def test_school_staff_see_name_grade_school_and_what_the_release_covers(
    client_of, nurse, student, guardian, notes, checkin
):
    page = client_of(nurse).get(url(student)).content.decode()

    assert student.display_name in page and "Grade 7" in page and student.school.name in page
    assert "Date of birth" not in page and guardian.full_name not in page
    assert "Version 1" in page and "Read and acknowledge" in page
    assert notes["school"].body in page
    assert notes["family"].body not in page and notes["care_team"].body not in page
    assert "Please let her rest." in page
    assert "6/10" not in page and "Weekly check-ins" not in page


def test_school_staff_with_a_plan_only_release_see_no_notes_or_messages(
    client_of, nurse, student, notes, checkin
):
    Release.objects.filter(student=student).update(scope_notes=False, scope_updates=False)

    page = client_of(nurse).get(url(student)).content.decode()

    assert notes["school"].body not in page
    assert "Please let her rest." not in page
    assert "Version 1" in page


def test_school_staff_see_nothing_once_the_release_is_revoked(client_of, nurse, student):
    Release.objects.filter(student=student).update(revoked_at=date(2020, 1, 1))

    assert client_of(nurse).get(url(student)).status_code == 404


def test_the_device_summary_shows_for_readers_of_the_plan(client_of, nurse, student):
    Student.objects.filter(pk=student.pk).update(
        device_type=Student.Device.INTRATHECAL_PUMP, device_warning_signs="Alarm beeping"
    )

    page = client_of(nurse).get(url(student)).content.decode()

    assert "Intrathecal pain pump" in page and "Alarm beeping" in page
    assert reverse("accommodations:device_card", args=[student.pk]) in page


def test_a_view_is_written_to_the_audit_log(client_of, psychologist, student):
    client_of(psychologist).get(url(student))

    event = AuditEvent.objects.get(action="student.viewed")
    assert event.actor == psychologist and event.student_id == student.pk
    assert event.organization_id == student.organization_id


def test_a_trend_line_is_drawn_from_several_weeks(client_of, psychologist, student, guardian):
    for week in range(4):
        factories.CheckInFactory(
            student=student, submitted_by=guardian, week_of=date(2026, 1, 5) + timedelta(weeks=week)
        )

    page = client_of(psychologist).get(url(student)).content.decode()

    assert "<polyline" in page and "over the last 4 weeks" in page


def _grow_record(student, psychologist, guardian, *, version, size, first_week):
    """A new published version with `size` items, and `size` more notes, addenda, check-ins
    and school staff to acknowledge."""
    draft = factories.DraftPlanFactory(student=student, version=version, created_by=psychologist)
    for _ in range(size):
        factories.PlanItemFactory(plan=draft)
    factories.publish(draft)
    for n in range(size):
        note = factories.CareNoteFactory(
            student=student, author=psychologist, visibility=CareNote.Visibility.SCHOOL
        )
        factories.CareNoteFactory(student=student, author=psychologist, addendum_to=note)
        factories.CheckInFactory(
            student=student,
            submitted_by=guardian,
            week_of=first_week + timedelta(weeks=n),
            message_to_school="Rested in the office.",
        )
        factories.SchoolStaffFactory(school=student.school)


@pytest.mark.parametrize("viewer", ["psychologist", "guardian", "nurse"])
def test_the_number_of_queries_does_not_grow_with_the_record(
    client_of, student, psychologist, guardian, nurse, viewer
):
    client = client_of({"psychologist": psychologist, "guardian": guardian, "nurse": nurse}[viewer])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(student)).status_code == 200
        return len(captured)

    _grow_record(student, psychologist, guardian, version=2, size=5, first_week=date(2020, 1, 6))
    five = queries()
    _grow_record(student, psychologist, guardian, version=3, size=50, first_week=date(2021, 1, 4))
    fifty = queries()

    assert five == fifty
