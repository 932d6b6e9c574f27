"""One error format everywhere: status, code, detail, field_errors."""

from rest_framework.test import APIClient

from tests.api.conftest import url


def assert_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "field_errors"}
    assert body["status"] == status
    assert body["code"] == code
    assert body["detail"]
    return body


def test_a_field_to_correct_names_the_field(api_as, guardian, student):
    response = api_as(guardian).post(
        url(f"students/{student.pk}/checkins/"), {"pain_now": 11}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert body["field_errors"]["pain_now"] == ["Ensure this value is less than or equal to 10."]
    assert body["field_errors"]["week_of"] == ["This field is required."]


def test_a_refusal_by_a_service_is_a_400_with_its_message(api_as, nurse, student):
    client = api_as(nurse)
    path = url(f"students/{student.pk}/plan/acknowledgements/")
    assert client.post(path, {"version": 1}, format="json").status_code == 201
    body = assert_error(client.post(path, {"version": 1}, format="json"), 400, "invalid")
    assert body["field_errors"] == {
        "non_field_errors": ["You have already acknowledged version 1."]
    }


def test_not_found_forbidden_and_unauthenticated_share_the_format(
    api_as, guardian, student, other_guardian
):
    assert_error(api_as(other_guardian).get(url(f"students/{student.pk}/")), 404, "not_found")
    assert_error(
        api_as(guardian).post(url(f"students/{student.pk}/plan/draft/")), 403, "permission_denied"
    )
    assert_error(APIClient().get(url("students/")), 401, "not_authenticated")


def test_a_wrong_method_malformed_json_and_an_unknown_address_answer_in_the_format(
    api_as, guardian, student
):
    client = api_as(guardian)
    assert_error(client.delete(url("students/")), 405, "method_not_allowed")
    malformed = client.post(
        url(f"students/{student.pk}/checkins/"), "{not json", content_type="application/json"
    )
    assert_error(malformed, 400, "parse_error")
    form = client.post(
        url(f"students/{student.pk}/checkins/"),
        "a=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert_error(form, 415, "unsupported_media_type")
    assert_error(client.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(client.post("/api/v2/students/"), 404, "not_found")


def test_a_page_past_the_end_is_a_404(api_as, guardian, student):
    assert_error(api_as(guardian).get(url("students/?page=9")), 404, "not_found")


def test_a_bad_filter_value_is_a_400_naming_the_filter(api_as, guardian, student):
    body = assert_error(api_as(guardian).get(url("students/?school=abc")), 400, "invalid")
    assert "school" in body["field_errors"]


def test_answers_that_cannot_go_together_are_refused_with_the_field_to_fix(
    api_as, guardian, student
):
    response = api_as(guardian).post(
        url(f"students/{student.pk}/checkins/"),
        {
            "week_of": "2026-01-05",
            "pain_now": 3,
            "pain_average": 6,
            "pain_worst": 4,
            "days_full": 5,
            "days_partial": 0,
            "days_missed": 0,
            "health_office_visits": 0,
            "sleep_quality": "good",
            "mood": 3,
        },
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["field_errors"]) == ["pain_worst"]


def test_an_absurd_page_number_is_a_404(api_as, guardian, student):
    response = api_as(guardian).get(url("schools/?page=803108345373830016&page_size=200"))
    assert_error(response, 404, "not_found")


def test_an_id_filter_out_of_any_range_is_a_400(api_as, guardian, student):
    for value in ("-4.38e293", "99999999999999999999999", "0", "1.5"):
        response = api_as(guardian).get(url(f"students/{student.pk}/releases/?school={value}"))
        assert_error(response, 400, "invalid")
