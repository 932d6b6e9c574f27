"""Scheduled reminders and notices: sent at their moment, to the right people, once."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accommodations import selectors
from accommodations.models import AccommodationPlan, Release
from portal.notifications import services
from portal.notifications.kinds import Kind
from portal.notifications.models import Notification
from tests import factories
from tests.notifications.mailbox import emails_to, in_app

pytestmark = pytest.mark.django_db


def kinds_for(user):
    return list(in_app(user).order_by("created_at", "id").values_list("kind", flat=True))


@pytest.fixture
def published_next_monday(student):
    """The student's current plan, published next Monday at 9:00 (the clinic's time)."""
    today = timezone.localdate()
    monday = today + timedelta(days=(7 - today.weekday()) or 7)
    moment = timezone.make_aware(datetime(monday.year, monday.month, monday.day, 9))
    plan = selectors.current_published_plan(student)
    AccommodationPlan.objects.filter(pk=plan.pk).update(published_at=moment)
    return moment


def test_school_staff_are_reminded_after_2_and_5_school_days_then_the_psychologist_is_told(
    committed, published_next_monday, student, psychologist, nurse, nurse_other_school
):
    monday = published_next_monday

    def run(days_later):
        with committed():
            services.remind_acknowledgements(now=monday + timedelta(days=days_later))

    run(1)  # Tuesday: one school day
    assert kinds_for(nurse) == []
    run(2)  # Wednesday: two
    run(2)
    assert kinds_for(nurse) == [Kind.ACK_REMINDER]
    run(4)  # Friday: four
    assert kinds_for(nurse) == [Kind.ACK_REMINDER]
    run(7)  # the next Monday: five
    assert kinds_for(nurse) == [Kind.ACK_REMINDER, Kind.ACK_REMINDER]
    assert kinds_for(psychologist) == []
    run(9)  # Wednesday: seven
    run(10)
    assert kinds_for(psychologist) == [Kind.ACK_ESCALATION]
    escalation = in_app(psychologist).get()
    assert "1 school staff have not acknowledged version 1" in escalation.title
    assert not Notification.objects.filter(recipient=nurse_other_school, student=student).exists()
    assert len(emails_to(nurse)) == 2


def test_staff_who_acknowledged_are_not_reminded(
    committed, published_next_monday, student, psychologist, nurse, school
):
    factories.AcknowledgementFactory(
        plan=selectors.current_published_plan(student), user=nurse, school=school
    )

    with committed():
        services.remind_acknowledgements(now=published_next_monday + timedelta(days=9))

    assert kinds_for(nurse) == []
    assert kinds_for(psychologist) == []


def test_guardians_who_have_not_sent_this_weeks_update_are_reminded_once(
    committed, student, guardian, other_student, other_guardian
):
    factories.CheckInFactory(
        student=other_student,
        submitted_by=other_guardian,
        week_of=timezone.localdate() - timedelta(days=timezone.localdate().weekday()),
    )

    with committed():
        services.remind_checkins()
        services.remind_checkins()

    assert kinds_for(guardian) == [Kind.CHECKIN_REMINDER]
    assert in_app(guardian).get().url == f"/students/{student.pk}/checkins/new/"
    assert kinds_for(other_guardian) == []
    assert len(emails_to(guardian)) == 1


@pytest.mark.parametrize(("days_left", "stage"), [(14, 14), (10, 14), (3, 3), (0, 3)])
def test_the_psychologist_is_reminded_14_and_3_days_before_a_plan_review(
    committed, student, psychologist, guardian, days_left, stage
):
    plan = selectors.current_published_plan(student)
    review = timezone.localdate() + timedelta(days=days_left)
    AccommodationPlan.objects.filter(pk=plan.pk).update(review_date=review)

    with committed():
        services.remind_plan_reviews()
        services.remind_plan_reviews()

    notification = in_app(psychologist).get()
    assert notification.kind == Kind.PLAN_REVIEW_DUE
    assert notification.dedupe_key == f"plan_review:p{plan.pk}:d{stage}:u{psychologist.pk}"
    assert kinds_for(guardian) == []


def test_no_review_reminder_long_before_the_review(committed, student, psychologist):
    with committed():
        services.remind_plan_reviews()

    assert kinds_for(psychologist) == []


def test_a_release_about_to_end_and_then_ended_is_told_to_the_family_and_the_school(
    committed, student, guardian, nurse, psychologist
):
    release = Release.objects.get(student=student)
    Release.objects.filter(pk=release.pk).update(expires_at=timezone.now() + timedelta(days=3))

    with committed():
        services.notice_expiring_access()
        services.notice_expiring_access()

    assert kinds_for(guardian) == [Kind.RELEASE_EXPIRING]
    assert kinds_for(nurse) == [Kind.RELEASE_EXPIRING]

    Release.objects.filter(pk=release.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    with committed():
        services.notice_expiring_access()

    assert kinds_for(nurse) == [Kind.RELEASE_EXPIRING, Kind.RELEASE_EXPIRED]
    assert selectors.access_for(user=nurse, student=student) is None
    assert len(emails_to(nurse)) == 2
    assert kinds_for(psychologist) == []
    assert Notification.objects.filter(kind=Kind.RELEASE_EXPIRED, channel="email").count() == 2
