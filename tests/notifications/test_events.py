"""Who hears about what: events of the accommodations services, through the outbox."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accommodations import selectors, services
from accommodations.models import Release
from portal.notifications.kinds import Frequency, Kind
from portal.notifications.models import Notification, NotificationPreference, Status
from tests import factories
from tests.notifications.mailbox import email_rows, emails_to, in_app

pytestmark = pytest.mark.django_db


def access(user, student):
    return selectors.access_for(user=user, student=student)


def test_a_published_plan_reaches_the_nurse_and_the_guardian_in_the_portal_and_by_email(
    publish, student, psychologist, guardian, nurse
):
    plan = publish(by=psychologist, student=student)

    for person in (nurse, guardian):
        notification = in_app(person).get()
        assert notification.kind == Kind.PLAN_PUBLISHED
        assert f"version {plan.version}" in notification.title
        assert notification.url == f"/students/{student.pk}/plan/"
        assert len(emails_to(person)) == 1
        assert email_rows(person).get().status == Status.SENT


def test_the_psychologist_who_publishes_is_not_told_about_it(publish, student, psychologist, nurse):
    publish(by=psychologist, student=student)

    assert not in_app(psychologist).exists()
    assert emails_to(psychologist) == []


def test_people_of_another_school_or_family_hear_nothing(
    publish, student, psychologist, nurse, outsiders
):
    publish(by=psychologist, student=student)

    for outsider in outsiders.values():
        assert not Notification.objects.filter(recipient=outsider).exists()
    assert {address for message in mail.outbox for address in message.to} == {
        "nurse@maplegrove.example",
        "parent@family.example",
    }


def test_school_staff_without_a_release_covering_the_plan_are_not_told(
    publish, student, psychologist, guardian, school
):
    teacher = factories.UserFactory(email="teacher@maplegrove.example")
    factories.SchoolStaffFactory(user=teacher, school=school)
    factories.ReleaseFactory(student=student, school=school, granted_by=guardian, scope_plan=False)

    publish(by=psychologist, student=student)

    assert not in_app(teacher).exists()


def test_a_rolled_back_publication_leaves_no_notification_and_sends_nothing(
    committed, student, psychologist, nurse
):
    who = access(psychologist, student)
    with committed():
        try:
            with transaction.atomic():
                draft = services.start_draft(access=who)
                services.add_custom_item(
                    access=who,
                    plan=draft,
                    category="academics",
                    title="Extra time",
                    details="Time and a half on tests.",
                    implementer="teachers",
                )
                services.publish_plan(
                    access=who, plan=draft, review_date=timezone.localdate() + timedelta(days=30)
                )
                assert Notification.objects.exists()
                raise RuntimeError("the request failed after publishing")
        except RuntimeError:
            pass

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_acknowledgement_with_a_question_tells_the_psychologist_at_once(
    committed, student, psychologist, nurse
):
    plan = selectors.current_published_plan(student)
    with committed():
        services.acknowledge_plan(
            access=access(nurse, student), plan=plan, comment="Can she rest during PE?"
        )

    notification = in_app(psychologist).get()
    assert notification.kind == Kind.PLAN_QUESTION
    assert "Jordan Nurse" in notification.title
    assert "PE" not in notification.title
    assert len(emails_to(psychologist)) == 1


def test_a_plain_acknowledgement_waits_for_the_psychologists_daily_summary(
    committed, student, psychologist, nurse
):
    plan = selectors.current_published_plan(student)
    with committed():
        services.acknowledge_plan(access=access(nurse, student), plan=plan)

    assert in_app(psychologist).get().kind == Kind.PLAN_ACKNOWLEDGED
    held = email_rows(psychologist).get()
    assert (held.status, held.frequency) == (Status.HELD, Frequency.DAILY)
    assert emails_to(psychologist) == []


def checkin_answers(**overrides):
    answers = {
        "pain_now": 6,
        "pain_average": 5,
        "pain_worst": 8,
        "days_full": 3,
        "days_partial": 1,
        "days_missed": 1,
        "health_office_visits": 2,
        "sleep_quality": "fair",
        "mood": 3,
        "comments": "Hard week after the flare.",
        "message_to_school": "",
    }
    return answers | overrides


def test_a_check_in_reaches_the_care_team_but_not_the_school_without_a_message(
    committed, student, psychologist, guardian, nurse
):
    with committed():
        services.submit_checkin(
            access=access(guardian, student), week_of=date(2026, 1, 5), **checkin_answers()
        )

    assert in_app(psychologist).get().kind == Kind.CHECKIN_SUBMITTED
    assert not in_app(nurse).exists()
    assert not in_app(guardian).exists()


def test_a_message_to_school_reaches_staff_whose_release_covers_updates(
    committed, student, guardian, nurse, school
):
    teacher = factories.UserFactory(email="teacher@maplegrove.example")
    factories.SchoolStaffFactory(user=teacher, school=school, role="teacher")
    Release.objects.filter(student=student).update(scope_updates=False)
    counselor_school = factories.SchoolFactory(name="Lakeview Annex")
    counselor = factories.UserFactory(email="counselor@annex.example")
    factories.SchoolStaffFactory(user=counselor, school=counselor_school, role="counselor")
    factories.ReleaseFactory(
        student=student, school=counselor_school, granted_by=guardian, scope_updates=True
    )

    with committed():
        services.submit_checkin(
            access=access(guardian, student),
            week_of=date(2026, 1, 12),
            **checkin_answers(message_to_school="She may need the elevator pass this week."),
        )

    assert in_app(counselor).get().kind == Kind.SCHOOL_MESSAGE
    assert not in_app(nurse).exists()
    assert not in_app(teacher).exists()
    email = emails_to(counselor)[0]
    assert "elevator" not in email.body
    assert "8" not in email.subject


@pytest.mark.parametrize(
    ("visibility", "guardian_told", "nurse_told"),
    [("care_team", False, False), ("family", True, False), ("school", True, True)],
)
def test_a_note_is_announced_to_those_it_is_shared_with(
    committed, student, psychologist, guardian, nurse, visibility, guardian_told, nurse_told
):
    with committed():
        services.add_note(
            access=access(psychologist, student),
            body="Talked about pacing and the flare plan.",
            visibility=visibility,
        )

    assert in_app(guardian).exists() is guardian_told
    assert in_app(nurse).exists() is nurse_told
    assert all("pacing" not in message.body for message in mail.outbox)


def test_a_device_card_change_is_sent_at_once_even_to_someone_who_turned_it_off(
    committed, student, psychologist, guardian, nurse
):
    NotificationPreference.objects.create(
        user=nurse, kind=Kind.DEVICE_CARD_CHANGED, frequency=Frequency.OFF
    )
    with committed():
        services.update_device_card(
            access=access(psychologist, student),
            device_type="spinal_cord_stimulator",
            device_emergency_contacts="Pain clinic: 555-0100",
            device_emergency_steps="Switch the stimulator off with the remote.",
        )

    assert in_app(nurse).get().kind == Kind.DEVICE_CARD_CHANGED
    email = emails_to(nurse)[0]
    assert "stimulator" not in email.body.lower()
    assert "safety" in email.subject.lower()
    assert len(emails_to(guardian)) == 1


def test_a_revoked_release_is_told_to_the_school_staff_who_just_lost_access(
    committed, student, psychologist, guardian, nurse
):
    release = Release.objects.get(student=student)
    with committed():
        services.revoke_release(access=access(guardian, student), release=release)

    assert selectors.access_for(user=nurse, student=student) is None
    notification = in_app(nurse).get()
    assert notification.kind == Kind.RELEASE_REVOKED
    assert len(emails_to(nurse)) == 1
    assert in_app(psychologist).get().kind == Kind.RELEASE_REVOKED
    assert not in_app(guardian).exists()


def test_a_granted_release_is_told_to_the_school_staff_and_the_care_team(
    committed, student, psychologist, guardian, other_school
):
    counselor = factories.UserFactory(email="counselor@riverbend.example")
    factories.SchoolStaffFactory(user=counselor, school=other_school, role="counselor")
    now = timezone.now()
    with committed():
        services.grant_release(
            access=access(guardian, student),
            school=other_school,
            scopes={"plan"},
            starts_at=now - timedelta(minutes=1),
            expires_at=now + timedelta(days=90),
        )

    assert in_app(counselor).get().kind == Kind.RELEASE_GRANTED
    assert in_app(psychologist).get().kind == Kind.RELEASE_GRANTED
    assert not in_app(guardian).exists()


def test_the_same_event_handled_twice_notifies_once(committed, student, psychologist, nurse):
    from accommodations import events

    plan = selectors.current_published_plan(student)
    with committed():
        events.plan_published(plan)
        events.plan_published(plan)

    assert in_app(nurse).count() == 1
    assert len(emails_to(nurse)) == 1
