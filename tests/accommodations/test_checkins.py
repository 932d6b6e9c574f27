"""The family's weekly update: sending it, the checks on it, and who may read it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accommodations import selectors, services
from accommodations.models import CheckIn
from tests import factories


def this_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def list_url(student):
    return reverse("accommodations:checkins", args=[student.pk])


def new_url(student):
    return reverse("accommodations:checkin_new", args=[student.pk])


def answers(**overrides):
    data = {
        "week_of": this_monday().isoformat(),
        "pain_now": "4",
        "pain_average": "5",
        "pain_worst": "7",
        "days_full": "3",
        "days_partial": "1",
        "days_missed": "1",
        "health_office_visits": "2",
        "sleep_quality": "fair",
        "mood": "3",
        "function_score": "",
        "comments": "Tired after PE on Tuesday.",
        "message_to_school": "",
    }
    data.update(overrides)
    return data


def test_the_guardian_sends_this_weeks_update(client_of, guardian, student):
    response = client_of(guardian).post(new_url(student), answers(function_score="18"))

    assert response.status_code == 302
    assert response["Location"] == list_url(student)
    checkin = CheckIn.objects.get(student=student)
    assert checkin.week_of == this_monday()
    assert (checkin.pain_now, checkin.pain_average, checkin.pain_worst) == (4, 5, 7)
    assert (checkin.days_full, checkin.days_partial, checkin.days_missed) == (3, 1, 1)
    assert checkin.function_score == 18
    assert checkin.submitted_by == guardian


def test_after_sending_the_family_sees_it_in_the_list(client_of, guardian, student):
    client = client_of(guardian)
    client.post(new_url(student), answers(message_to_school="She may need the lift this week."))

    page = client.get(list_url(student)).content.decode()

    assert "Tired after PE on Tuesday." in page
    assert "She may need the lift this week." in page
    assert "update is sent" in page


def test_the_form_offers_this_weeks_monday_first_and_never_a_future_week(
    client_of, guardian, student
):
    form = client_of(guardian).get(new_url(student)).context["form"]

    weeks = [value for value, _label in form.fields["week_of"].choices]
    assert weeks[0] == this_monday().isoformat()
    assert form["week_of"].value() == this_monday().isoformat()
    assert all(week <= this_monday().isoformat() for week in weeks)


def test_pain_scores_are_0_to_10_radios(client_of, guardian, student):
    page = client_of(guardian).get(new_url(student)).content.decode()

    assert 'class="pill-scale"' in page
    assert 'type="radio" name="pain_now" value="10"' in page
    assert 'name="pain_now" value="11"' not in page


def test_a_pain_score_of_11_is_refused_on_its_field(client_of, guardian, student):
    response = client_of(guardian).post(new_url(student), answers(pain_now="11"))

    assert response.status_code == 200
    assert response.context["form"].errors["pain_now"] == ["Choose a number from 0 to 10."]
    assert not CheckIn.objects.exists()


def test_worst_pain_below_the_average_is_refused_clearly(client_of, guardian, student):
    response = client_of(guardian).post(new_url(student), answers(pain_average="6", pain_worst="3"))

    assert response.status_code == 200
    assert response.context["form"].errors["pain_worst"] == [
        "The worst pain this week cannot be lower than the average pain."
    ]
    assert not CheckIn.objects.exists()


def test_more_than_seven_days_is_refused(client_of, guardian, student):
    response = client_of(guardian).post(
        new_url(student), answers(days_full="5", days_partial="2", days_missed="2")
    )

    assert response.status_code == 200
    assert "a week has only 7 days" in str(response.context["form"].errors["days_full"])
    assert not CheckIn.objects.exists()


def test_a_single_day_count_above_seven_is_refused(client_of, guardian, student):
    response = client_of(guardian).post(new_url(student), answers(days_missed="8"))

    assert response.context["form"].errors["days_missed"] == ["Enter a number from 0 to 7."]
    assert not CheckIn.objects.exists()


def test_a_second_update_for_the_same_week_is_refused_and_nothing_saved(
    client_of, guardian, student
):
    client = client_of(guardian)
    first = client.post(new_url(student), answers())
    second = client.post(new_url(student), answers(comments="Sent twice by a double click."))

    assert first.status_code == 302
    assert second.status_code == 200
    assert "has already been sent" in str(second.context["form"].errors["week_of"])
    assert CheckIn.objects.filter(student=student).count() == 1
    assert CheckIn.objects.get().comments == "Tired after PE on Tuesday."


def test_once_this_weeks_update_is_in_the_form_says_so_and_offers_last_week(
    client_of, guardian, student
):
    factories.CheckInFactory(student=student, submitted_by=guardian, week_of=this_monday())

    response = client_of(guardian).get(new_url(student))

    assert "You have already sent this week" in response.content.decode()
    assert (
        response.context["form"]["week_of"].value()
        == (this_monday() - timedelta(weeks=1)).isoformat()
    )


def test_an_earlier_week_can_still_be_sent(client_of, guardian, student):
    last_week = this_monday() - timedelta(weeks=1)

    client_of(guardian).post(new_url(student), answers(week_of=last_week.isoformat()))

    assert CheckIn.objects.get().week_of == last_week


@pytest.mark.parametrize(
    "week_of",
    [
        "not-a-date",
        "2020-01-06",
        (timezone.localdate() + timedelta(days=14)).isoformat(),
        (timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 1)).isoformat(),
    ],
)
def test_a_week_that_is_not_offered_is_refused_without_an_error_page(
    client_of, guardian, student, week_of
):
    response = client_of(guardian).post(new_url(student), answers(week_of=week_of))

    assert response.status_code == 200
    assert "week_of" in response.context["form"].errors
    assert not CheckIn.objects.exists()


def test_missing_answers_are_field_errors(client_of, guardian, student):
    response = client_of(guardian).post(new_url(student), {"week_of": this_monday().isoformat()})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"pain_now", "pain_average", "pain_worst", "sleep_quality", "mood"} <= set(errors)
    assert not CheckIn.objects.exists()


def test_the_message_field_names_the_schools_that_will_read_it(client_of, guardian, student, nurse):
    page = client_of(guardian).get(new_url(student)).content.decode()

    assert "Only these schools will see this message" in page
    assert "Maple Grove Middle School" in page


def test_without_an_updates_release_the_family_is_told_no_school_reads_the_message(
    client_of, guardian, student, school
):
    factories.ReleaseFactory(
        student=student, school=school, granted_by=guardian, scope_updates=False
    )

    page = client_of(guardian).get(new_url(student)).content.decode()

    assert "No school can read this message right now" in page


def test_the_care_team_reads_the_updates_but_cannot_send_one(
    client_of, psychologist, guardian, student
):
    factories.CheckInFactory(student=student, submitted_by=guardian, comments="Slept badly.")

    assert "Slept badly." in client_of(psychologist).get(list_url(student)).content.decode()
    assert client_of(psychologist).get(new_url(student)).status_code == 404
    assert client_of(psychologist).post(new_url(student), answers()).status_code == 404
    assert CheckIn.objects.count() == 1


def test_school_staff_cannot_open_the_updates_or_send_one(client_of, nurse, student):
    assert client_of(nurse).get(list_url(student)).status_code == 404
    assert client_of(nurse).get(new_url(student)).status_code == 404
    assert client_of(nurse).post(new_url(student), answers()).status_code == 404
    assert not CheckIn.objects.exists()


def test_every_outsider_gets_404(client_of, student, outsiders, org_admin):
    for label, outsider in {**outsiders, "org admin not on the team": org_admin}.items():
        client = client_of(outsider)
        assert client.get(list_url(student)).status_code == 404, label
        assert client.get(new_url(student)).status_code == 404, label
        assert client.post(new_url(student), answers()).status_code == 404, label
    assert not CheckIn.objects.exists()


def test_the_list_pages_through_many_weeks(client_of, guardian, student):
    for weeks_back in range(25):
        factories.CheckInFactory(
            student=student,
            submitted_by=guardian,
            week_of=this_monday() - timedelta(weeks=weeks_back),
        )
    client = client_of(guardian)

    assert len(client.get(list_url(student)).context["page_obj"]) == 20
    assert len(client.get(list_url(student) + "?page=2").context["page_obj"]) == 5
    assert client.get(list_url(student) + "?page=nonsense").status_code == 200


def test_the_service_refuses_impossible_answers_for_every_caller(guardian, student):
    access = selectors.access_student(user=guardian, student_id=student.pk)
    base = {name: int(value) for name, value in answers().items() if value.isdigit()}
    base.update(sleep_quality="fair", comments="", message_to_school="")

    with pytest.raises(services.ServiceError) as refused:
        services.submit_checkin(
            access=access, week_of=this_monday(), **{**base, "pain_worst": 2, "pain_average": 5}
        )
    assert refused.value.field == "pain_worst"

    with pytest.raises(services.ServiceError) as refused:
        services.submit_checkin(access=access, week_of=this_monday(), **{**base, "pain_now": 12})
    assert refused.value.field == "pain_now"

    assert not CheckIn.objects.exists()
